"""Reads of invoicing: the credit balance, the invoices and change orders of an engagement, the
ceiling, and the reconciliation's figures."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from engagements.models import Engagement
from engagements.quotes.models import Quote
from engagements.quotes.money import quote_totals
from invoicing.models import ChangeOrder, CreditEntry, Invoice, InvoiceLine, Reconciliation

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def credit_balance(*, customer) -> Decimal:
    """The customer's store credit now: the sum of the ledger, never a stored figure."""
    total = CreditEntry.objects.filter(customer=customer).aggregate(total=Sum("amount"))["total"]
    return (total or ZERO).quantize(Decimal("0.01"))


def credit_entries_of(*, customer) -> QuerySet[CreditEntry]:
    return CreditEntry.objects.filter(customer=customer).select_related("created_by", "invoice", "engagement")


def accepted_quote_of(*, engagement: Engagement) -> Quote | None:
    return (
        Quote.objects.filter(engagement=engagement, status=Quote.Status.ACCEPTED)
        .defer("frozen_pdf")
        .prefetch_related("lines")
        .first()
    )


def invoices_of(*, engagement: Engagement) -> list[Invoice]:
    return list(
        Invoice.objects.filter(engagement=engagement)
        .defer("frozen_pdf")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position", "pk")))
        .order_by("number")
    )


def change_orders_of(*, engagement: Engagement) -> list[ChangeOrder]:
    return list(
        ChangeOrder.objects.filter(engagement=engagement).select_related("proposed_by").order_by("number")
    )


def approved_changes_net(*, engagement: Engagement) -> Decimal:
    total = ChangeOrder.objects.filter(engagement=engagement, status=ChangeOrder.Status.APPROVED).aggregate(
        total=Sum("amount")
    )["total"]
    return (total or ZERO).quantize(CENT)


def quoted_net(*, engagement: Engagement) -> Decimal:
    """The accepted quote's fixed price excluding VAT (zero before a quote is accepted)."""
    quote = accepted_quote_of(engagement=engagement)
    return quote_totals(quote.lines.all()).subtotal if quote else ZERO


def invoicing_ceiling(*, engagement: Engagement) -> Decimal:
    """What may be invoiced in all (excl. VAT): the quote plus the approved change orders."""
    return quoted_net(engagement=engagement) + approved_changes_net(engagement=engagement)


def invoiced_net(*, engagement: Engagement) -> Decimal:
    total = Invoice.objects.filter(engagement=engagement).aggregate(total=Sum("subtotal"))["total"]
    return (total or ZERO).quantize(CENT)


def final_invoice_sent_at(*, engagement: Engagement) -> datetime | None:
    """When the final invoice went to the customer (it is e-mailed when issued), or None."""
    return (
        Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.FINAL)
        .values_list("issued_at", flat=True)
        .first()
    )


def reconciliation_of(*, engagement: Engagement) -> Reconciliation | None:
    return Reconciliation.objects.defer("frozen_pdf").filter(engagement=engagement).first()


def reconciliation_done(*, engagement: Engagement) -> bool:
    return Reconciliation.objects.filter(engagement=engagement, done_at__isnull=False).exists()


@dataclass(frozen=True)
class ReconciliationFigures:
    """The figures side by side, excluding VAT, with the store credit in its own row."""

    quoted: Decimal
    approved_changes: Decimal
    agreed: Decimal
    invoiced: Decimal
    credit_applied: Decimal
    credit_issued: Decimal
    difference: Decimal

    def as_json(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> "ReconciliationFigures":
        return cls(**{name: Decimal(value) for name, value in data.items()})


def reconciliation_figures(*, engagement: Engagement) -> ReconciliationFigures:
    """1. quoted: the accepted quote excl. VAT; 2. approved changes; 3. agreed = 1 + 2;
    4. invoiced excl. VAT; 5. store credit applied to the engagement's invoices and issued for it
    (the residual value); 6. difference = agreed − invoiced (what is still to invoice; never
    negative, the database sees to that)."""
    quoted = quoted_net(engagement=engagement)
    changes = approved_changes_net(engagement=engagement)
    invoiced = invoiced_net(engagement=engagement)
    applied = (
        Invoice.objects.filter(engagement=engagement).aggregate(total=Sum("credit_applied"))["total"] or ZERO
    )
    issued = (
        CreditEntry.objects.filter(engagement=engagement, kind=CreditEntry.Kind.ISSUED).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    return ReconciliationFigures(
        quoted=quoted,
        approved_changes=changes,
        agreed=quoted + changes,
        invoiced=invoiced,
        credit_applied=applied,
        credit_issued=issued,
        difference=quoted + changes - invoiced,
    )
