from collections import defaultdict

import pytest

from engagements import phases
from engagements.errors import PhaseTransitionError
from engagements.models import PhaseChange
from engagements.phases import Phase, register_guard
from engagements.services import engagement_advance

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English sentences


@pytest.fixture(autouse=True)
def no_registered_guards(monkeypatch):
    """These tests are about the mechanism; later phases' guards have their own tests."""
    monkeypatch.setattr(phases, "_guards", defaultdict(list))


def test_allowed_transition_moves_phase_and_writes_history(engagement, coordinator):
    engagement_advance(engagement=engagement, to_phase=Phase.QUOTED, user=coordinator, note="Offert skickad")

    engagement.refresh_from_db()
    assert engagement.phase == Phase.QUOTED
    change = PhaseChange.objects.filter(engagement=engagement).last()
    assert (change.from_phase, change.to_phase, change.changed_by, change.note) == (
        Phase.DISCOVERY,
        Phase.QUOTED,
        coordinator,
        "Offert skickad",
    )


def test_illegal_transition_is_refused_with_a_sentence(engagement, coordinator):
    with pytest.raises(PhaseTransitionError, match="cannot go from"):
        engagement_advance(engagement=engagement, to_phase=Phase.CLOSED, user=coordinator)

    engagement.refresh_from_db()
    assert engagement.phase == Phase.DISCOVERY
    assert PhaseChange.objects.filter(engagement=engagement).count() == 1  # only "created"


def test_registered_guard_blocks_the_move(engagement, coordinator, monkeypatch):
    def needs_a_title_with_dropbox(candidate):
        return None if "Dropbox" in candidate.title else "The title must mention Dropbox."

    register_guard(to_phase=Phase.LOST, guard=needs_a_title_with_dropbox)
    engagement.title = "Something else"
    engagement.save()
    with pytest.raises(PhaseTransitionError, match="must mention Dropbox"):
        engagement_advance(engagement=engagement, to_phase=Phase.LOST, user=coordinator)


def test_unknown_phase_is_refused(engagement, coordinator):
    with pytest.raises(PhaseTransitionError, match="not a phase"):
        engagement_advance(engagement=engagement, to_phase="flying", user=coordinator)
