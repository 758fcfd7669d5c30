"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

from training.installation import selectors
from training.installation.models import InstallationStatus
from training.installation.permissions import may_edit

register = template.Library()


@register.inclusion_tag("training/installation/panel.html", takes_context=True)
def installation_panel(context, engagement):
    """The engagement page (staff): how many are done, per method, and problems."""
    request = context.get("request")
    statuses = list(selectors.installations_of(engagement=engagement).values_list("status", flat=True))
    counted = [s for s in statuses if s != InstallationStatus.WAIVED]
    return {
        "engagement": engagement,
        "request": request,
        "total": len(counted),
        "done": sum(1 for s in counted if s in (InstallationStatus.INSTALLED, InstallationStatus.VERIFIED)),
        "problems": sum(1 for s in counted if s == InstallationStatus.PROBLEM),
        "counts": selectors.method_counts(engagement=engagement),
        "may_edit": bool(request) and may_edit(request.user),
    }


@register.inclusion_tag("training/installation/status_panel.html", takes_context=True)
def installation_status_panel(context, engagement):
    """The customer's status page: when their installations are booked."""
    return {
        "engagement": engagement,
        "request": context.get("request"),
        **selectors.status_page_installation(engagement=engagement),
    }
