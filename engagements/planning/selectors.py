"""Reads for planning pages, each a fixed number of queries however many rows there are."""

from datetime import date, timedelta

from django.db.models import QuerySet

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


def status_page_planning(*, engagement, today: date) -> dict:
    """What the customer's status page shows of the plan: four queries, whatever the rows."""
    this_monday = monday_of(today)
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
        "later_count": len(upcoming) - len(current) - len(following),
        "reports": list(sent_reports_of(engagement)),
        "updates": list(updates_of(engagement)),
    }
