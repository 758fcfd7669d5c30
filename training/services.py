"""Verbs of training: sessions booked as sprints, their invitations, attendance and the online-only list.

Support requests have their own module, `support.py`.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.planning.models import Slot, SprintStatus
from engagements.planning.services import sprint_create, sprint_set_status, sprint_update
from engagements.quotes.models import CustomerUser
from engagements.services import audit_log
from licensing.folders.services import folder_access_release
from migration.selectors import top_level_folders
from training.errors import TrainingError
from training.ical import session_title
from training.models import (
    Attendance,
    Delivery,
    OnlineOnlyChoice,
    TrainingDay,
    TrainingFormat,
    TrainingSession,
)
from training.selectors import trained_user_ids

HALF_DAY_SLOTS = (Slot.MORNING, Slot.AFTERNOON)


def _check_days(training_format: str, days: Sequence[tuple[date, str]]) -> None:
    if training_format == TrainingFormat.FULL_DAY:
        if len(days) != 1 or days[0][1] != Slot.FULL_DAY:
            raise TrainingError(_("A full-day training is one day, booked as a full day."))
    elif training_format == TrainingFormat.TWO_HALF_DAYS:
        if len(days) != 2 or any(slot not in HALF_DAY_SLOTS for _day, slot in days):
            raise TrainingError(_("Two half days are two dates, each a morning or an afternoon."))
        if days[0][0] == days[1][0]:
            raise TrainingError(_("The two half days are on different dates; one date is a full day."))
    else:
        raise TrainingError(_("Choose one full day or two half days."))


def _check_where(delivery: str, place: str, meeting_link: str) -> None:
    if delivery == Delivery.REMOTE and not meeting_link.strip():
        raise TrainingError(_("A remote training needs a meeting link."))
    if delivery == Delivery.ON_SITE and not place.strip():
        raise TrainingError(_("A training on site needs a place."))


def _check_attendees(engagement: Engagement, attendees: Sequence[CustomerUser]) -> None:
    if any(person.engagement_id != engagement.pk for person in attendees):
        raise TrainingError(_("Attendees come from this engagement's user list."))
    if len(attendees) > settings.TRAINING_GROUP_SIZE:
        raise TrainingError(
            _("A session takes at most %(size)s attendees; book another session for the other %(rest)s.")
            % {"size": settings.TRAINING_GROUP_SIZE, "rest": len(attendees) - settings.TRAINING_GROUP_SIZE}
        )


def _send_invitations(session: TrainingSession) -> None:
    from training.tasks import training_invitations_send

    training_invitations_send.delay_on_commit(session.pk)


@transaction.atomic
def training_session_create(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    trainer: AbstractBaseUser,
    training_format: str,
    delivery: str,
    days: Sequence[tuple[date, str]],
    attendees: Sequence[CustomerUser],
    place: str = "",
    meeting_link: str = "",
    override_reason: str = "",
) -> TrainingSession:
    """Book a session: its days as sprints of the trainer, then invite the attendees after commit.

    The planning rules apply to each day (SprintRefused on a holiday, a weekend or a double-booked
    trainer, unless overridden with a reason); the group is at most TRAINING_GROUP_SIZE people.
    """
    attendees = list(attendees)
    _check_days(training_format, days)
    _check_where(delivery, place, meeting_link)
    _check_attendees(engagement, attendees)
    session = TrainingSession(
        engagement=engagement,
        format=training_format,
        delivery=delivery,
        trainer=trainer,
        place=place.strip(),
        meeting_link=meeting_link.strip(),
    )
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    for position, (day, slot) in enumerate(days, start=1):
        with translation.override(engagement.customer.language):
            goal = session_title(session, position)
        sprint = sprint_create(
            engagement=engagement,
            user=user,
            consultant=trainer,
            day=day,
            slot=slot,
            goal=goal,
            override_reason=override_reason,
        )
        TrainingDay.objects.create(session=session, position=position, sprint=sprint)
    audit_log(
        action="training.session_booked",
        user=user,
        engagement=engagement,
        details={
            "session": session.pk,
            "days": [f"{d.isoformat()} {s}" for d, s in days],
            "attendees": [p.pk for p in attendees],
        },
    )
    _send_invitations(session)
    return session


@transaction.atomic
def training_session_update(
    *,
    session: TrainingSession,
    user: AbstractBaseUser,
    trainer: AbstractBaseUser,
    delivery: str,
    days: Sequence[tuple[date, str]],
    attendees: Sequence[CustomerUser],
    place: str = "",
    meeting_link: str = "",
    override_reason: str = "",
) -> TrainingSession:
    """Change a session; every attendee gets an update with the same UIDs and a higher SEQUENCE."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at:
        raise TrainingError(_("This session is cancelled; book a new one."))
    attendees = list(attendees)
    _check_days(session.format, days)
    _check_where(delivery, place, meeting_link)
    _check_attendees(session.engagement, attendees)
    session.trainer, session.delivery = trainer, delivery
    session.place, session.meeting_link = place.strip(), meeting_link.strip()
    session.ics_sequence += 1
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    for training_day, (day, slot) in zip(session.days.select_related("sprint"), days, strict=True):
        sprint = training_day.sprint
        sprint_update(
            sprint=sprint,
            user=user,
            consultant=trainer,
            day=day,
            slot=slot,
            goal=sprint.goal,
            tasks=sprint.tasks,
            internal_note=sprint.internal_note,
            override_reason=override_reason,
        )
    audit_log(
        action="training.session_changed",
        user=user,
        engagement=session.engagement,
        details={"session": session.pk, "sequence": session.ics_sequence},
    )
    _send_invitations(session)
    return session


@transaction.atomic
def training_session_cancel(*, session: TrainingSession, user: AbstractBaseUser) -> TrainingSession:
    """Cancel: the trainer's days are freed (the sprints marked moved) and the attendees told."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at:
        return session
    session.cancelled_at = timezone.now()
    session.ics_sequence += 1
    session.save(update_fields=["cancelled_at", "ics_sequence"])
    for training_day in session.days.select_related("sprint"):
        sprint_set_status(sprint=training_day.sprint, user=user, status=SprintStatus.MOVED)
    audit_log(
        action="training.session_cancelled",
        user=user,
        engagement=session.engagement,
        details={"session": session.pk},
    )
    _send_invitations(session)
    return session


@transaction.atomic
def attendance_record(
    *,
    session: TrainingSession,
    user: AbstractBaseUser,
    present: Iterable[tuple[int, int]],
    today: date | None = None,
) -> list[CustomerUser]:
    """Record the session's attendance sheet and release the folder access of those now trained.

    1. `present` holds (training day id, customer user id) of the attendees who came; every other
       attendee of a day already held is recorded absent.
    2. A person who attended every day of the session (both half days) is trained; for each
       person trained by this sheet, licensing's gate releases their folder access.
    Returns the people newly trained.
    """
    today = today or timezone.localdate()
    engagement = session.engagement
    present = set(present)
    days = list(session.days.select_related("sprint"))
    day_ids = {day.pk for day in days}
    attendee_ids = set(session.attendees.values_list("pk", flat=True))
    if any(day_id not in day_ids or person_id not in attendee_ids for day_id, person_id in present):
        raise TrainingError(_("Attendance is recorded for the session's own days and attendees."))
    future_days = {day.pk for day in days if day.sprint.date > today}
    if any(day_id in future_days for day_id, _person_id in present):
        raise TrainingError(_("Attendance can be recorded on the day of the training or after it."))
    trained_before = trained_user_ids(engagement=engagement)
    for day in days:
        if day.sprint.date > today:
            continue
        for person_id in attendee_ids:
            Attendance.objects.update_or_create(
                day=day,
                customer_user_id=person_id,
                defaults={"attended": (day.pk, person_id) in present, "recorded_by": user},
            )
    newly_trained_ids = trained_user_ids(engagement=engagement) - trained_before
    newly_trained = list(CustomerUser.objects.filter(pk__in=newly_trained_ids))
    audit_log(
        action="training.attendance_recorded",
        user=user,
        engagement=engagement,
        details={"session": session.pk, "present": sorted(present), "trained": sorted(newly_trained_ids)},
    )
    for person in newly_trained:
        folder_access_release(customer_user=person, user=user, reason="")
    return newly_trained


@transaction.atomic
def online_only_set(
    *, engagement: Engagement, user: AbstractBaseUser, folder: str, online_only: bool
) -> OnlineOnlyChoice:
    """The consultant's choice for one top folder, over the computed advice."""
    if folder not in {f["name"] for f in top_level_folders(engagement)}:
        raise TrainingError(_("“%(folder)s” is not a top folder of the share.") % {"folder": folder})
    choice, _created = OnlineOnlyChoice.objects.update_or_create(
        engagement=engagement, folder=folder, defaults={"online_only": online_only, "set_by": user}
    )
    audit_log(
        action="training.online_only_set",
        user=user,
        engagement=engagement,
        details={"folder": folder, "online_only": online_only},
    )
    return choice
