"""Panels this app contributes to the engagement page and the customer status page.

Each tag does its own few queries, so the page that loads it needs to know nothing of planning.
"""

from datetime import timedelta

from django import template
from django.utils import timezone

from engagements.planning import permissions, selectors
from engagements.planning.models import ReportStatus, SprintStatus

register = template.Library()

SPRINTS_ON_PANEL = 6


@register.inclusion_tag("planning/panel.html", takes_context=True)
def planning_panel(context, engagement):
    """The engagement page: the next sprints, reports to review and the seller's follow-ups."""
    user = context["request"].user
    today = timezone.localdate()
    upcoming = list(
        selectors.sprints_of_engagement(engagement).filter(date__gte=today, status=SprintStatus.PLANNED)[
            :SPRINTS_ON_PANEL
        ]
    )
    reports = list(selectors.reports_of(engagement).exclude(status=ReportStatus.SENT))
    follow_ups = list(
        selectors.follow_ups_of(engagement).filter(
            done_at__isnull=True, due_date__lte=today + timedelta(days=7)
        )
    )
    return {
        "engagement": engagement,
        "upcoming": upcoming,
        "reports_to_review": reports,
        "follow_ups": follow_ups if permissions.may_talk_to_customer(user, engagement) else [],
        "today": today,
        "may_plan": permissions.may_plan(user),
    }


@register.inclusion_tag("planning/status_panel.html", takes_context=True)
def planning_status_panel(context, engagement):
    """The customer's status page: what happens next, this and next week's sprints, reports and news.

    Only what the customer may see: no internal notes, no hours, no drafts.
    """
    return {
        "engagement": engagement,
        "request": context.get("request"),
        **selectors.status_page_planning(engagement=engagement, today=timezone.localdate()),
    }
