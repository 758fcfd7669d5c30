"""Panels this app contributes to the engagement page and the customer status page."""

from django import template
from django.db.models import prefetch_related_objects
from django.utils import timezone

from engagements import roles
from engagements.quotes.forms import QuoteAcceptForm, QuoteDeclineForm
from engagements.quotes.models import ScanSummary
from engagements.quotes.selectors import (
    current_quote_of,
    discovery_record_of,
    lines_by_section,
    quote_for_customer,
    totals_of,
)

register = template.Library()


@register.inclusion_tag("quotes/panels/quote_panel.html", takes_context=True)
def quote_panel(context, engagement):
    """Engagement page: discovery at a glance and the current quote, with links to both."""
    quote = current_quote_of(engagement)
    if quote is not None:
        prefetch_related_objects([quote], "lines")  # loaded without its PDF by current_quote_of
    return {
        "engagement": engagement,
        "record": discovery_record_of(engagement),
        "scan": ScanSummary.objects.filter(engagement=engagement).first(),
        "quote": quote,
        "totals": totals_of(quote) if quote else None,
        "may_edit": roles.may_change_phase(context["request"].user),
    }


@register.inclusion_tag("quotes/panels/quote_status_panel.html", takes_context=True)
def quote_status_panel(context, engagement):
    """Customer status page: the sent quote, its PDF, the terms, and last the acceptance."""
    quote = quote_for_customer(engagement)
    request = context["request"]
    return {
        "request": request,
        "engagement": engagement,
        "quote": quote,
        "sections": lines_by_section(quote) if quote else [],
        "totals": totals_of(quote) if quote else None,
        "past_validity": bool(quote and quote.valid_until < timezone.localdate()),
        "may_answer": not roles.is_internal(request.user),
        "accept_form": context.get("accept_form") or QuoteAcceptForm(),
        "decline_form": context.get("decline_form") or QuoteDeclineForm(),
        "csrf_token": context.get("csrf_token"),
    }
