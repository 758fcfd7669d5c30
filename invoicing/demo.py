"""Demo data: an engagement walked into decommissioning has its invoice at acceptance; one walked
to closed has the final invoice, an approved change order and a reconciliation done."""

from decimal import Decimal

from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.phases import Phase
from invoicing.models import Invoice
from invoicing.selectors import accepted_quote_of, reconciliation_done
from invoicing.services import (
    change_order_approve,
    change_order_propose,
    final_invoice_refusal,
    invoice_issue_advance,
    invoice_issue_final,
    reconciliation_mark_done,
    reconciliation_update,
)


def demo_advance_invoice(engagement) -> None:
    if accepted_quote_of(engagement=engagement) is None:
        return
    if not Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.ADVANCE).exists():
        invoice_issue_advance(engagement=engagement, user=engagement.seller)


def demo_final_invoice_and_reconciliation(engagement) -> None:
    demo_advance_invoice(engagement)
    if accepted_quote_of(engagement=engagement) is None or reconciliation_done(engagement=engagement):
        return
    if not Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.FINAL).exists():
        if final_invoice_refusal(engagement) is not None:
            return  # the migration is not verified in this demo engagement: nothing more to show
        order = change_order_propose(
            engagement=engagement,
            description="Flytt av ytterligare en utdelning (Arkiv 2015–2019)",
            amount=Decimal("4500.00"),
            vat_rate=Decimal("25"),
            user=engagement.coordinator or engagement.seller,
        )
        change_order_approve(order=order, name="Anna Åkesson", ip="192.0.2.10", user=None)
        invoice_issue_final(engagement=engagement, user=engagement.seller)
    reconciliation_update(
        engagement=engagement,
        meeting_on=timezone.localdate(),
        notes="Genomgång av offert, ÄTA och fakturor.",
        outcome="Kunden godkänner avstämningen.",
        user=engagement.seller,
    )
    reconciliation_mark_done(engagement=engagement, user=engagement.seller)


register_demo_step(to_phase=Phase.DECOMMISSIONING, step=demo_advance_invoice)
register_demo_step(to_phase=Phase.CLOSED, step=demo_final_invoice_and_reconciliation)
