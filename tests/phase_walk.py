"""Moving an engagement through its phases the way the app does: through the services.

`walk_to(engagement, phase)` meets each guard on the way with the real services (a sent and an
accepted quote, a booked sprint) and calls `engagement_advance`. Rollout's guard asks for a
verified bulk migration, which needs a Dropbox team: `migrate_and_verify` in
tests/migration/bulk_helpers.py does that first.
"""

from datetime import timedelta

from django.utils import timezone

from engagements.phases import MAIN_LINE, Phase
from engagements.planning.models import Slot, Sprint, SprintStatus
from engagements.planning.services import sprint_create, sprint_set_status
from engagements.quotes.models import Quote
from engagements.quotes.services import quote_accept
from engagements.services import engagement_advance
from tests.quotes.factories import sent_quote
from tests.training.training_fixtures import train_everyone


def book_done_sprint(engagement, *, user=None):
    """A planning sprint held last week: the plan migrating asks for, with no visit still to come."""
    user = user or engagement.coordinator
    sprint = sprint_create(
        engagement=engagement,
        user=user,
        consultant=engagement.consultants.first(),
        day=timezone.localdate() - timedelta(days=7),
        slot=Slot.MORNING,
        goal="Planning meeting",
        override_reason="Test set-up: a sprint held last week.",
    )
    return sprint_set_status(sprint=sprint, user=user, status=SprintStatus.DONE)


def _meet_guards_of(engagement, phase: Phase, user) -> None:
    quotes = Quote.objects.filter(engagement=engagement)
    if (
        phase in (Phase.QUOTED, Phase.LOST)
        and not quotes.filter(status__in=[Quote.Status.SENT, Quote.Status.ACCEPTED]).exists()
    ):
        sent_quote(engagement, user)
    if phase == Phase.PLANNING and not quotes.filter(status=Quote.Status.ACCEPTED).exists():
        quote_accept(
            quote=quotes.get(status=Quote.Status.SENT), name="Anna Åkesson", ip="192.0.2.10", user=None
        )
    if phase == Phase.MIGRATING and not Sprint.objects.filter(engagement=engagement).exists():
        book_done_sprint(engagement, user=user)
    if phase == Phase.DECOMMISSIONING:
        train_everyone(engagement, user=user)  # everyone trained, the support window started


def walk_to(engagement, phase: Phase, *, user=None):
    """Advance `engagement` along the main line (or to lost / cancelled) until it is in `phase`.

    Sending and accepting the quote move the engagement themselves (to quoted, to planning)."""
    user = user or engagement.coordinator
    target = Phase(phase)
    while Phase(engagement.phase) != target:
        current = Phase(engagement.phase)
        if target == Phase.CANCELLED or (target == Phase.LOST and current == Phase.QUOTED):
            step = target
        elif target == Phase.LOST:
            step = Phase.QUOTED
        else:
            step = MAIN_LINE[MAIN_LINE.index(current) + 1]
        _meet_guards_of(engagement, step, user)
        engagement.refresh_from_db(fields=["phase"])
        if engagement.phase != step:
            engagement_advance(engagement=engagement, to_phase=step, user=user)
    return engagement
