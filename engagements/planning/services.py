"""Verbs of planning: sprints, templates, follow-ups, status updates and calendar feeds.

Weekly reports have their own module, `reports.py`.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.planning.emails import status_update_email_send
from engagements.planning.errors import PlanningError, SprintRefused
from engagements.planning.models import (
    SLOT_HALVES,
    CalendarFeed,
    FollowUp,
    Slot,
    Sprint,
    SprintStatus,
    StatusUpdate,
    new_feed_token,
)
from engagements.planning.sprint_templates import SPRINT_TEMPLATES
from engagements.planning.workdays import holiday_name, is_weekend, next_working_day
from engagements.services import audit_log


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _long_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def sprint_problems(
    *,
    engagement: Engagement,
    consultant: AbstractBaseUser,
    day: date,
    slot: str,
    exclude_pk: int | None = None,
) -> list[str]:
    """Every rule the sprint breaks that an override with a reason may set aside, as sentences."""
    problems = []
    halves = SLOT_HALVES[slot]
    clashes = (
        Sprint.objects.filter(consultant=consultant, date=day)
        .exclude(status=SprintStatus.MOVED)
        .exclude(pk=exclude_pk)
        .select_related("engagement")
    )
    for other in clashes:
        if SLOT_HALVES[other.slot] & halves:
            problems.append(
                _("%(name)s is already booked on %(date)s (%(slot)s): “%(goal)s” in %(reference)s.")
                % {
                    "name": person_name(consultant),
                    "date": _long_date(day),
                    "slot": other.get_slot_display().lower(),
                    "goal": other.goal_text,
                    "reference": other.engagement.reference,
                }
            )
    if is_weekend(day):
        problems.append(_("%(date)s is a weekend day.") % {"date": _long_date(day)})
    holiday = holiday_name(day)
    if holiday:
        problems.append(
            _("%(date)s is a public holiday (%(holiday)s).") % {"date": _long_date(day), "holiday": holiday}
        )
    start, end = engagement.planned_start, engagement.planned_end
    if (start and day < start) or (end and day > end):
        problems.append(
            _("%(date)s is outside the engagement's planned dates, %(start)s to %(end)s.")
            % {
                "date": _long_date(day),
                "start": _long_date(start) if start else "–",
                "end": _long_date(end) if end else "–",
            }
        )
    return problems


def _check_assigned(engagement: Engagement, consultant: AbstractBaseUser) -> None:
    if not engagement.consultants.filter(pk=consultant.pk).exists():
        raise PlanningError(
            _("%(name)s is not assigned to this engagement; assign them first.")
            % {"name": person_name(consultant)}
        )


def _lock_consultant(consultant: AbstractBaseUser) -> None:
    """Two coordinators booking the same consultant at once must not both pass the overlap check."""
    get_user_model().objects.select_for_update().filter(pk=consultant.pk).first()


def _refuse_unless_overridden(problems: list[str], override_reason: str) -> None:
    if problems and not override_reason.strip():
        raise SprintRefused(problems)


@transaction.atomic
def sprint_create(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    consultant: AbstractBaseUser,
    day: date,
    slot: str,
    goal: str,
    tasks: str = "",
    internal_note: str = "",
    override_reason: str = "",
) -> Sprint:
    """Book a half-day or full-day sprint.

    Refused with SprintRefused (its sentences) on a double booking, a weekend, a holiday or
    a date outside the engagement's plan, unless `override_reason` says why it is right anyway.
    """
    _check_assigned(engagement, consultant)
    _lock_consultant(consultant)
    sprint = Sprint(
        engagement=engagement,
        consultant=consultant,
        date=day,
        slot=slot,
        goal=goal,
        tasks=tasks,
        internal_note=internal_note,
    )
    sprint.full_clean()
    problems = sprint_problems(engagement=engagement, consultant=consultant, day=day, slot=slot)
    _refuse_unless_overridden(problems, override_reason)
    if problems:
        sprint.override_reason = override_reason.strip()
    sprint.save()
    audit_log(
        action="planning.sprint_created",
        user=user,
        engagement=engagement,
        details=_sprint_details(sprint, problems),
    )
    return sprint


def _same_texts(sprint: Sprint, *, goal: str, tasks: str) -> bool:
    """The form came back with the template's goal and tasks, as stored or as shown to its reader."""

    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    shown = (sprint.goal_text.strip(), sprint.task_lines)
    stored = (sprint.goal.strip(), lines(sprint.tasks))
    return (goal.strip(), lines(tasks)) in (shown, stored)


@transaction.atomic
def sprint_update(
    *,
    sprint: Sprint,
    user: AbstractBaseUser,
    consultant: AbstractBaseUser,
    day: date,
    slot: str,
    goal: str,
    tasks: str,
    internal_note: str,
    override_reason: str = "",
) -> Sprint:
    """Change a sprint's time, consultant or content; the same rules as booking apply."""
    engagement = sprint.engagement
    _check_assigned(engagement, consultant)
    _lock_consultant(consultant)
    sprint.consultant, sprint.date, sprint.slot = consultant, day, slot
    if sprint.template_texts and not _same_texts(sprint, goal=goal, tasks=tasks):
        sprint.template_texts = {}  # edited: from now on it reads as typed
    sprint.goal, sprint.tasks, sprint.internal_note = goal, tasks, internal_note
    sprint.full_clean()
    problems = sprint_problems(
        engagement=engagement, consultant=consultant, day=day, slot=slot, exclude_pk=sprint.pk
    )
    _refuse_unless_overridden(problems, override_reason)
    sprint.override_reason = override_reason.strip() if problems else ""
    if sprint.status == SprintStatus.MOVED:
        # A moved sprint given a new time is planned again.
        sprint.status = SprintStatus.PLANNED
    sprint.save()
    audit_log(
        action="planning.sprint_changed",
        user=user,
        engagement=engagement,
        details=_sprint_details(sprint, problems),
    )
    return sprint


@transaction.atomic
def sprint_set_status(*, sprint: Sprint, user: AbstractBaseUser, status: str) -> Sprint:
    if status not in SprintStatus.values:
        raise PlanningError(_("“%(status)s” is not a sprint status.") % {"status": status})
    previous = sprint.status
    sprint.status = status
    sprint.full_clean()
    sprint.save(update_fields=["status", "updated_at"])
    audit_log(
        action="planning.sprint_status_changed",
        user=user,
        engagement=sprint.engagement,
        details={"sprint": sprint.pk, "from": previous, "to": status},
    )
    return sprint


def _sprint_details(sprint: Sprint, problems: list[str]) -> dict:
    details = {
        "sprint": sprint.pk,
        "date": sprint.date.isoformat(),
        "slot": sprint.slot,
        "consultant": sprint.consultant.get_username(),
    }
    if problems:
        details |= {"overridden": problems, "override_reason": sprint.override_reason}
    return details


@transaction.atomic
def sprints_lay_out_template(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    template_key: str,
    start: date,
    consultant: AbstractBaseUser,
    override_reason: str = "",
) -> list[Sprint]:
    """Lay a sprint template out in one step.

    1. Walk the working days from `start` (no weekends, no holidays), half-day by half-day.
    2. Put each step in the first free half (a half-day step) or the first wholly free day
       (a full-day step) of the consultant, so the plan never double-books them.
    3. Refuse the whole plan, with a sentence, if it would run past the engagement's planned
       end (or start before its start), unless an override reason is given.
    The sprints can then be adjusted one by one.
    """
    template = SPRINT_TEMPLATES.get(template_key)
    if template is None:
        raise PlanningError(_("There is no sprint template called “%(key)s”.") % {"key": template_key})
    _check_assigned(engagement, consultant)
    _lock_consultant(consultant)
    busy: dict[date, set[str]] = {}
    for booked in Sprint.objects.filter(consultant=consultant, date__gte=start).exclude(
        status=SprintStatus.MOVED
    ):
        busy.setdefault(booked.date, set()).update(SLOT_HALVES[booked.slot])

    placed: list[tuple[date, str]] = []
    day = start
    for step in template.steps:
        while True:
            day = next_working_day(day)
            taken = busy.setdefault(day, set())
            if step.slot == Slot.FULL_DAY:
                slot = Slot.FULL_DAY if not taken else None
            else:
                slot = Slot.MORNING if "am" not in taken else (Slot.AFTERNOON if "pm" not in taken else None)
            if slot is not None:
                break
            day += timedelta(days=1)
        taken.update(SLOT_HALVES[slot])
        placed.append((day, slot))

    problems = []
    first, last = placed[0][0], placed[-1][0]
    if engagement.planned_end and last > engagement.planned_end:
        problems.append(
            _("The plan would end on %(last)s, after the engagement's planned end on %(end)s.")
            % {"last": _long_date(last), "end": _long_date(engagement.planned_end)}
        )
    if engagement.planned_start and first < engagement.planned_start:
        problems.append(
            _("The plan would start on %(first)s, before the engagement's planned start on %(start)s.")
            % {"first": _long_date(first), "start": _long_date(engagement.planned_start)}
        )
    _refuse_unless_overridden(problems, override_reason)

    sprints = []
    # Goals and tasks are kept as the template's message ids and read in each reader's language
    # (Sprint.goal_text); the text fields hold them in the customer's language, as if typed.
    with translation.override(engagement.customer.language):
        texts = [
            (gettext(step.goal), "\n".join(gettext(task) for task in step.tasks)) for step in template.steps
        ]
    keys = [{"goal": step.goal, "tasks": list(step.tasks)} for step in template.steps]
    for (goal, tasks), template_texts, (sprint_day, slot) in zip(texts, keys, placed, strict=True):
        sprint = Sprint(
            engagement=engagement,
            consultant=consultant,
            date=sprint_day,
            slot=slot,
            goal=goal,
            tasks=tasks,
            template_texts=template_texts,
            override_reason=override_reason.strip() if problems else "",
        )
        sprint.full_clean()
        sprints.append(sprint)
    Sprint.objects.bulk_create(sprints)
    audit_log(
        action="planning.template_laid_out",
        user=user,
        engagement=engagement,
        details={
            "template": template_key,
            "consultant": consultant.get_username(),
            "dates": [f"{d.isoformat()} {s}" for d, s in placed],
            **({"overridden": problems, "override_reason": override_reason.strip()} if problems else {}),
        },
    )
    return sprints


@transaction.atomic
def follow_up_create(
    *, engagement: Engagement, user: AbstractBaseUser, due_date: date, note: str
) -> FollowUp:
    follow_up = FollowUp(engagement=engagement, due_date=due_date, note=note, created_by=user)
    follow_up.full_clean()
    follow_up.save()
    audit_log(
        action="planning.follow_up_created",
        user=user,
        engagement=engagement,
        details={"follow_up": follow_up.pk, "due": due_date.isoformat()},
    )
    return follow_up


@transaction.atomic
def follow_up_set_done(*, follow_up: FollowUp, user: AbstractBaseUser, done: bool) -> FollowUp:
    follow_up.done_at = timezone.now() if done else None
    follow_up.save(update_fields=["done_at"])
    audit_log(
        action="planning.follow_up_done" if done else "planning.follow_up_reopened",
        user=user,
        engagement=follow_up.engagement,
        details={"follow_up": follow_up.pk},
    )
    return follow_up


@transaction.atomic
def status_update_post(
    *, engagement: Engagement, user: AbstractBaseUser, body: str, send_email: bool = False
) -> StatusUpdate:
    """Post a message to the customer's status page, and e-mail it to their contacts if asked.

    The e-mail goes out inside the transaction: if the mail server refuses, nothing is posted
    and the author is told, rather than a page saying "e-mailed" when it was not.
    """
    update = StatusUpdate(engagement=engagement, author=user, body=body.strip())
    update.full_clean()
    update.save()
    if send_email:
        recipients = status_update_email_send(update=update)
        update.emailed_at = timezone.now()
        update.save(update_fields=["emailed_at"])
    else:
        recipients = []
    audit_log(
        action="planning.status_update_posted",
        user=user,
        engagement=engagement,
        details={"update": update.pk, "emailed_to": recipients},
    )
    return update


def calendar_feed_for(*, user: AbstractBaseUser) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user: AbstractBaseUser) -> CalendarFeed:
    """A new secret URL; the old one stops working at once (a leaked link is revoked this way)."""
    feed = calendar_feed_for(user=user)
    feed.token = new_feed_token()
    feed.full_clean()
    feed.save()
    audit_log(action="planning.calendar_feed_regenerated", user=user)
    return feed
