"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

from licensing.models import TeamMember
from licensing.selectors import licence_estimate_of, licence_plan_of

register = template.Library()


def _summary(engagement) -> dict:
    licence_plan = licence_plan_of(engagement=engagement)
    if licence_plan is not None:
        licence_plan.engagement = engagement  # the page's own row: the estimate need not load it again
    counts = {status: 0 for status in TeamMember.Status.values}
    for status in TeamMember.objects.filter(engagement=engagement, licensed=True).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    return {
        "licence_plan": licence_plan,
        "estimate": licence_estimate_of(licence_plan=licence_plan) if licence_plan else None,
        "in_team": counts[TeamMember.Status.ACTIVE] + counts[TeamMember.Status.INVITED],
        "failed": counts[TeamMember.Status.FAILED],
    }


@register.inclusion_tag("licensing/panel.html", takes_context=True)
def licences_panel(context, engagement):
    """The engagement page (staff): the plan in a line and a link to the licence page."""
    return {"engagement": engagement, "request": context.get("request"), **_summary(engagement)}


@register.inclusion_tag("licensing/status_panel.html", takes_context=True)
def licences_status_panel(context, engagement):
    """The customer's status page: the plan and how many have their account, in plain words.
    The status page itself only renders for the customer's own engagements."""
    return {"engagement": engagement, "request": context.get("request"), **_summary(engagement)}
