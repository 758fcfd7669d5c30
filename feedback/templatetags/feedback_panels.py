"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

register = template.Library()


@register.inclusion_tag("feedback/panel.html", takes_context=True)
def feedback_panel(context, engagement):
    """The engagement page (staff)."""
    return {"engagement": engagement, "request": context.get("request")}


@register.inclusion_tag("feedback/status_panel.html", takes_context=True)
def feedback_status_panel(context, engagement):
    """The customer's status page."""
    return {"engagement": engagement, "request": context.get("request")}
