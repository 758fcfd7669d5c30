"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

from engagements import roles
from invoicing.models import ChangeOrder
from invoicing.selectors import (
    change_orders_of,
    credit_balance,
    invoices_of,
    reconciliation_done,
    reconciliation_figures,
)

register = template.Library()


@register.inclusion_tag("invoicing/panel.html", takes_context=True)
def invoicing_panel(context, engagement):
    """The engagement page (staff): how much is invoiced of what was agreed."""
    return {
        "engagement": engagement,
        "request": context.get("request"),
        "figures": reconciliation_figures(engagement=engagement),
        "invoice_count": engagement.invoices.count(),
        "waiting": engagement.change_orders.filter(status=ChangeOrder.Status.PROPOSED).count(),
        "done": reconciliation_done(engagement=engagement),
    }


@register.inclusion_tag("invoicing/status_panel.html", takes_context=True)
def invoicing_status_panel(context, engagement):
    """The customer's status page: invoices with their PDFs, change orders to approve, the store
    credit balance, the reconciliation PDF once it is done."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "engagement": engagement,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "is_staff": user is not None and roles.is_internal(user),
        "invoices": invoices_of(engagement=engagement),
        "change_orders": [
            o for o in change_orders_of(engagement=engagement) if o.status != ChangeOrder.Status.WITHDRAWN
        ],
        "balance": credit_balance(customer=engagement.customer),
        "reconciliation": reconciliation_done(engagement=engagement),
    }
