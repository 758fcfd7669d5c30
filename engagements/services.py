"""Verbs that change engagements. Views, admin, commands and tasks call these."""

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import PhaseTransitionError
from engagements.models import AuditEntry, Customer, Engagement, PhaseChange, ReferenceSequence
from engagements.phases import Phase, guards_for, is_allowed


def audit_log(
    *,
    action: str,
    user: AbstractBaseUser | None,
    engagement: Engagement | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = user if user is not None and user.is_authenticated else None
    return AuditEntry.objects.create(engagement=engagement, actor=actor, action=action, details=details or {})


def _next_reference(*, year: int) -> str:
    """Hand out MF-<year>-<nnnn>; the row lock keeps two callers from getting the same one."""
    ReferenceSequence.objects.get_or_create(year=year)
    sequence = ReferenceSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"MF-{year}-{sequence.last_number:04d}"


@transaction.atomic
def engagement_create(
    *,
    customer: Customer,
    title: str,
    seller: AbstractBaseUser,
    user: AbstractBaseUser | None,
    coordinator: AbstractBaseUser | None = None,
    planned_start: date | None = None,
    planned_end: date | None = None,
) -> Engagement:
    engagement = Engagement(
        customer=customer,
        title=title,
        seller=seller,
        coordinator=coordinator,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    engagement.reference = _next_reference(year=timezone.localdate().year)
    engagement.full_clean()
    engagement.save()
    PhaseChange.objects.create(
        engagement=engagement, from_phase="", to_phase=Phase.DISCOVERY, changed_by=_actor(user)
    )
    audit_log(action="engagement.created", user=user, engagement=engagement)
    return engagement


@transaction.atomic
def engagement_assign_staff(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    consultants: list[AbstractBaseUser],
    coordinator: AbstractBaseUser | None = None,
) -> Engagement:
    if coordinator is not None:
        engagement.coordinator = coordinator
        engagement.full_clean()
        engagement.save(update_fields=["coordinator", "updated_at"])
    engagement.consultants.set(consultants)
    audit_log(
        action="engagement.staff_assigned",
        user=user,
        engagement=engagement,
        details={"consultants": [c.get_username() for c in consultants]},
    )
    return engagement


@transaction.atomic
def engagement_advance(
    *, engagement: Engagement, to_phase: str, user: AbstractBaseUser | None, note: str = ""
) -> Engagement:
    """Move the engagement to `to_phase`.

    1. Lock the row, so two people pressing the button at once give one change.
    2. Check the table of allowed transitions, then every guard registered for the target.
    3. Save the phase, set the actual dates the phase implies, and write a PhaseChange row.
    Raises PhaseTransitionError with a sentence when the move is not allowed.
    """
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    try:
        target = Phase(to_phase)
    except ValueError:
        raise PhaseTransitionError(_("“%(phase)s” is not a phase.") % {"phase": to_phase}) from None
    current = Phase(locked.phase)
    if current == target:
        raise PhaseTransitionError(
            _("The engagement is already in the phase “%(phase)s”.") % {"phase": target.label}
        )
    if not is_allowed(current, target):
        raise PhaseTransitionError(
            _("An engagement cannot go from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": target.label}
        )
    for guard in guards_for(target):
        refusal = guard(locked)
        if refusal:
            raise PhaseTransitionError(refusal)

    locked.phase = target
    update_fields = ["phase", "updated_at"]
    today = timezone.localdate()
    if target == Phase.PLANNING and locked.actual_start is None:
        locked.actual_start = today
        update_fields.append("actual_start")
    if target in (Phase.CLOSED, Phase.CANCELLED) and locked.actual_end is None:
        locked.actual_end = today
        update_fields.append("actual_end")
    locked.full_clean()
    locked.save(update_fields=update_fields)
    PhaseChange.objects.create(
        engagement=locked, from_phase=current, to_phase=target, changed_by=_actor(user), note=note
    )
    audit_log(
        action="engagement.phase_changed",
        user=user,
        engagement=locked,
        details={"from": current.value, "to": target.value},
    )
    # Hand the caller the fresh state, so a view rendering `engagement` sees the new phase.
    engagement.phase = locked.phase
    engagement.actual_start = locked.actual_start
    engagement.actual_end = locked.actual_end
    return locked


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None
