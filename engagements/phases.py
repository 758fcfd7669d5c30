"""The engagement's phases, the transitions allowed between them, and their guards.

This module is the one place that says which phase may follow which. Later apps add
conditions ("the quote is accepted before planning") by registering a guard in their
AppConfig.ready(); `engagements.services.engagement_advance` runs them all.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")
    QUOTED = "quoted", _("Quoted")
    PLANNING = "planning", _("Planning")
    MIGRATING = "migrating", _("Migrating")
    ROLLOUT = "rollout", _("Rollout")
    DECOMMISSIONING = "decommissioning", _("Decommissioning")
    CLOSED = "closed", _("Closed")
    LOST = "lost", _("Lost")
    CANCELLED = "cancelled", _("Cancelled")


# The main line, in order; the phase timeline shows these.
MAIN_LINE: tuple[Phase, ...] = (
    Phase.DISCOVERY,
    Phase.QUOTED,
    Phase.PLANNING,
    Phase.MIGRATING,
    Phase.ROLLOUT,
    Phase.DECOMMISSIONING,
    Phase.CLOSED,
)
TERMINAL: frozenset[Phase] = frozenset({Phase.CLOSED, Phase.LOST, Phase.CANCELLED})

ALLOWED_TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    # A quote can go back to discovery when the customer wants the scope changed.
    Phase.DISCOVERY: frozenset({Phase.QUOTED, Phase.LOST, Phase.CANCELLED}),
    Phase.QUOTED: frozenset({Phase.DISCOVERY, Phase.PLANNING, Phase.LOST, Phase.CANCELLED}),
    Phase.PLANNING: frozenset({Phase.MIGRATING, Phase.CANCELLED}),
    Phase.MIGRATING: frozenset({Phase.ROLLOUT, Phase.CANCELLED}),
    Phase.ROLLOUT: frozenset({Phase.DECOMMISSIONING, Phase.CANCELLED}),
    Phase.DECOMMISSIONING: frozenset({Phase.CLOSED}),
    # A lost deal can be reopened; closed and cancelled engagements stay as they are.
    Phase.LOST: frozenset({Phase.DISCOVERY}),
    Phase.CLOSED: frozenset(),
    Phase.CANCELLED: frozenset(),
}

# A guard takes the engagement and returns None when the move may happen, or a sentence
# a user can read saying why not.
Guard = Callable[["models.Model"], str | None]
_guards: dict[Phase, list[Guard]] = defaultdict(list)


def register_guard(*, to_phase: Phase, guard: Guard) -> None:
    """Add a condition for entering `to_phase`. Idempotent, so ready() may run twice.

    Any phase may get guards, the later ones too (decommissioning, closed: their apps register
    them when they come). A phase that does not exist fails at start-up, not at the first move.
    """
    target = Phase(to_phase)
    if guard not in _guards[target]:
        _guards[target].append(guard)


def guards_for(to_phase: Phase) -> list[Guard]:
    return list(_guards[Phase(to_phase)])


def is_allowed(from_phase: str, to_phase: str) -> bool:
    return Phase(to_phase) in ALLOWED_TRANSITIONS[Phase(from_phase)]


def next_phases(from_phase: str) -> list[Phase]:
    """The phases reachable from `from_phase`, main line first."""
    allowed = ALLOWED_TRANSITIONS[Phase(from_phase)]
    return [phase for phase in Phase if phase in allowed]
