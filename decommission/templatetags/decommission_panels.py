"""Panels this app contributes to the engagement page and the customer status page."""

from django import template
from django.db.models import Count, Q

from decommission.models import Asset, Medium, VerificationResult
from decommission.selectors import decommission_of
from engagements.phases import Phase
from invoicing.selectors import credit_balance

register = template.Library()

# The phases in which the customer hears about decommissioning.
STATUS_PHASES = frozenset({Phase.ROLLOUT, Phase.DECOMMISSIONING, Phase.CLOSED})


@register.inclusion_tag("decommission/panel.html", takes_context=True)
def decommission_panel(context, engagement):
    """The engagement page (staff): how far the decommissioning is, in three queries."""
    media = Medium.objects.filter(asset__engagement=engagement).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(sanitised_on__isnull=False, verification_result=VerificationResult.PASSED)),
    )
    return {
        "engagement": engagement,
        "request": context.get("request"),
        "assets": Asset.objects.filter(engagement=engagement).count(),
        "media": media,
        "record": decommission_of(engagement),
    }


@register.inclusion_tag("decommission/status_panel.html", takes_context=True)
def decommission_status_panel(context, engagement):
    """The customer's status page: the signed certificate and their store credit."""
    record = decommission_of(engagement)
    shown = engagement.phase in STATUS_PHASES or (record is not None and record.is_signed)
    return {
        "engagement": engagement,
        "request": context.get("request"),
        "shown": shown,
        "record": record,
        "credit_balance": credit_balance(customer=engagement.customer) if shown else None,
    }
