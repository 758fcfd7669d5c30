from datetime import date

import pytest
from django.utils import translation

from engagements.models import Engagement
from engagements.phases import Phase

# A three-week engagement, Monday 11 January to Friday 29 January 2027.
START = date(2027, 1, 11)
END = date(2027, 1, 29)


def put_in_phase(engagement, phase):
    """Test set-up only: the phase guards belong to other apps' tests."""
    Engagement.objects.filter(pk=engagement.pk).update(phase=phase)
    engagement.phase = phase
    return engagement


@pytest.fixture
def planned(engagement):
    """`engagement`, planned for three weeks and in the planning phase."""
    Engagement.objects.filter(pk=engagement.pk).update(planned_start=START, planned_end=END)
    engagement.refresh_from_db()
    return put_in_phase(engagement, Phase.PLANNING)


@pytest.fixture(autouse=True)
def in_english():
    """Services' sentences are checked in English; Swedish output has tests of its own."""
    with translation.override("en"):
        yield
