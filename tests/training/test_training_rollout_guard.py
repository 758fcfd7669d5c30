"""Rollout → decommissioning: everyone installed or waived, trained, and the support window started."""

import pytest

from engagements.errors import PhaseTransitionError
from engagements.models import Engagement
from engagements.phases import Phase
from engagements.services import engagement_advance
from tests.training.training_fixtures import THURSDAY, book_half_days, people
from training.installation.models import Method
from training.installation.services import installation_add, installation_waive
from training.services import attendance_record

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def in_rollout(planned_engagement):
    # Test set-up: rollout's own guard (a verified migration) belongs to migration's tests.
    Engagement.objects.filter(pk=planned_engagement.pk).update(phase=Phase.ROLLOUT)
    planned_engagement.refresh_from_db()
    return planned_engagement


def test_decommissioning_waits_for_installation_training_and_go_live(in_rollout, coordinator, consultant):
    anna, bo = people(in_rollout, 2)
    installation = installation_add(customer_user=anna, user=coordinator, method=Method.REMOTE)
    with pytest.raises(PhaseTransitionError) as refused:
        engagement_advance(engagement=in_rollout, to_phase=Phase.DECOMMISSIONING, user=coordinator)
    assert str(refused.value) == (
        "1 planned installation is not done or waived. "
        "2 users have not attended training: Person 1, Person 2. "
        "The support window has not started: no one's folder access has been released yet."
    )

    session = book_half_days(in_rollout, user=coordinator, trainer=consultant, attendees=[anna, bo])
    first, second = session.days.order_by("position")
    attendance_record(
        session=session,
        user=consultant,
        present=[(first.pk, anna.pk), (second.pk, anna.pk), (first.pk, bo.pk)],
        today=THURSDAY,
    )
    with pytest.raises(PhaseTransitionError) as refused:
        engagement_advance(engagement=in_rollout, to_phase=Phase.DECOMMISSIONING, user=coordinator)
    assert str(refused.value) == (
        "1 planned installation is not done or waived. 1 user has not attended training: Person 2."
    )

    attendance_record(
        session=session,
        user=consultant,
        present=[(first.pk, anna.pk), (second.pk, anna.pk), (first.pk, bo.pk), (second.pk, bo.pk)],
        today=THURSDAY,
    )
    installation_waive(installation=installation, user=coordinator, reason="Anna works on paper only.")
    engagement_advance(engagement=in_rollout, to_phase=Phase.DECOMMISSIONING, user=coordinator)
    in_rollout.refresh_from_db()
    assert in_rollout.phase == Phase.DECOMMISSIONING
