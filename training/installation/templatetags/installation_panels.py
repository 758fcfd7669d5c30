"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

register = template.Library()


@register.inclusion_tag("training/installation/panel.html", takes_context=True)
def installation_panel(context, engagement):
    """The engagement page (staff)."""
    return {"engagement": engagement, "request": context.get("request")}


@register.inclusion_tag("training/installation/status_panel.html", takes_context=True)
def installation_status_panel(context, engagement):
    """The customer's status page."""
    return {"engagement": engagement, "request": context.get("request")}
