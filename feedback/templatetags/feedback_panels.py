"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

from feedback.selectors import (
    closed_engagement_documents,
    invitation_open_for,
    is_closed,
    survey_of,
    survey_window,
)
from invoicing.selectors import final_invoice_sent_at

register = template.Library()


@register.inclusion_tag("feedback/panel.html", takes_context=True)
def feedback_panel(context, engagement):
    """The engagement page (staff): when the survey goes out, or went out, and its answers."""
    survey = survey_of(engagement)
    window = None
    if survey is None:
        final_at = final_invoice_sent_at(engagement=engagement)
        window = survey_window(final_invoice_sent_at=final_at) if final_at else None
    return {
        "engagement": engagement,
        "request": context.get("request"),
        "survey": survey,
        "window": window,
        "answered": survey.invitations.filter(response__isnull=False).count() if survey else 0,
        "invited": survey.invitations.count() if survey else 0,
    }


@register.inclusion_tag("feedback/status_panel.html", takes_context=True)
def feedback_status_panel(context, engagement):
    """The customer's status page: their own open survey, and a closed engagement's documents."""
    request = context.get("request")
    closed = is_closed(engagement)
    return {
        "engagement": engagement,
        "request": request,
        "closed": closed,
        "documents": closed_engagement_documents(engagement) if closed else [],
        "open_invitation": invitation_open_for(engagement=engagement, user=request.user) if request else None,
    }
