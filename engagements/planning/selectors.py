"""Reads for planning pages, each a fixed number of queries however many rows there are."""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from engagements.phases import TERMINAL, Phase
from engagements.planning.models import (
    FollowUp,
    ReportStatus,
    Sprint,
    SprintStatus,
    StatusUpdate,
    WeeklyReport,
    slot_order,
)
from engagements.planning.workdays import monday_of


def sprints_of_engagement(engagement) -> QuerySet[Sprint]:
    return (
        Sprint.objects.filter(engagement=engagement)
        .select_related("consultant")
        .order_by("date", slot_order(), "pk")
    )


def sprints_of_consultant(*, consultant, start: date, end: date) -> QuerySet[Sprint]:
    """The consultant's own sprints on the engagements whose team they are on today.

    A sprint names its consultant, who had to be on the team when it was booked; taking them off
    the team later leaves the sprint (the coordinator moves it to someone else) but ends their
    view of that customer: it no longer shows in their calendar or their feed.
    """
    return (
        Sprint.objects.filter(
            consultant=consultant, engagement__consultants=consultant, date__range=(start, end)
        )
        .select_related("engagement__customer")
        .order_by("date", slot_order(), "pk")
    )


def follow_ups_of(engagement) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(engagement=engagement).order_by("done_at", "due_date", "pk")


def follow_ups_due_for_seller(*, seller, until: date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(engagement__seller=seller, done_at__isnull=True, due_date__lte=until)
        .select_related("engagement__customer")
        .order_by("due_date", "pk")
    )


def reports_of(engagement) -> QuerySet[WeeklyReport]:
    return WeeklyReport.objects.filter(engagement=engagement).order_by("-week_start")


def sent_reports_of(engagement) -> QuerySet[WeeklyReport]:
    # What the customer may see: no internal note, no reviewer.
    return reports_of(engagement).filter(status=ReportStatus.SENT).defer("internal_note")


def updates_of(engagement) -> QuerySet[StatusUpdate]:
    return StatusUpdate.objects.filter(engagement=engagement).select_related("author")


def customer_sprints(engagement) -> QuerySet[Sprint]:
    """The sprints a customer sees: not those moved away, and never internal notes."""
    return (
        sprints_of_engagement(engagement)
        .exclude(status=SprintStatus.MOVED)
        .defer("internal_note", "override_reason")
    )


def status_next_step(*, engagement, next_sprint: Sprint | None) -> str:
    """The customer's "What happens next": the sentence for the phase, or "" when the next
    booked visit says it (the page shows the sprint). An ended engagement has no next visit."""
    phase = Phase(engagement.phase)
    if phase == Phase.CLOSED:
        return _("The project is finished and closed. Thank you for working with us!")
    if phase == Phase.LOST:
        return _("This project did not go ahead. Contact your seller if you would like to take it up again.")
    if phase == Phase.CANCELLED:
        return _("This project has been cancelled. Contact us if you have any questions.")
    if next_sprint is not None:
        return ""
    coordinator = engagement.coordinator
    if phase == Phase.ROLLOUT:
        if coordinator is None:
            return _(
                "Your files are in Dropbox. Next, Dropbox is installed on your computers and your staff "
                "are trained; we will contact you to book the visits."
            )
        return _(
            "Your files are in Dropbox. Next, Dropbox is installed on your computers and your staff "
            "are trained; your project coordinator, %(name)s, will contact you to book the visits."
        ) % {"name": coordinator.get_full_name() or coordinator.get_username()}
    return {
        Phase.DISCOVERY: _("We are mapping your file server and your needs. A quote follows."),
        Phase.QUOTED: _(
            "Your quote is ready for you to review. When you accept it, we plan the project together."
        ),
        Phase.PLANNING: _("We are planning the project. The dates appear here as soon as they are set."),
        Phase.MIGRATING: _(
            "We are moving your files to Dropbox. The next visit appears here as soon as it is booked."
        ),
        Phase.DECOMMISSIONING: _(
            "Your staff work in Dropbox now. We are taking the old file server out of service and "
            "will tell you here when the project is closed."
        ),
    }[phase]


def status_page_planning(*, engagement, today: date) -> dict:
    """What the customer's status page shows of the plan: four queries, whatever the rows.

    An engagement that has ended (closed, lost, cancelled) shows no visits to come, even if
    some were left booked."""
    this_monday = monday_of(today)
    if engagement.phase in TERMINAL:
        upcoming = []
    else:
        upcoming = list(customer_sprints(engagement).filter(date__gte=this_monday))
    current = [s for s in upcoming if s.date < this_monday + timedelta(days=7)]
    following = [
        s for s in upcoming if this_monday + timedelta(days=7) <= s.date < this_monday + timedelta(days=14)
    ]
    next_sprint = next((s for s in upcoming if s.date >= today and s.status == SprintStatus.PLANNED), None)
    return {
        "current_sprints": current,
        "next_sprints": following,
        "next_sprint": next_sprint,
        "next_step": status_next_step(engagement=engagement, next_sprint=next_sprint),
        "later_count": len(upcoming) - len(current) - len(following),
        "reports": list(sent_reports_of(engagement)),
        "updates": list(updates_of(engagement)),
    }
