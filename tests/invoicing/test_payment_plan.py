"""Invoices from the accepted quote's payment plan: half at acceptance, the rest once the
migration is verified; due date from the quote's payment terms; PDF frozen in the customer's language."""

import io
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from engagements.quotes.money import quote_totals
from invoicing.models import Invoice
from invoicing.selectors import accepted_quote_of, final_invoice_sent_at
from invoicing.services import (
    InvoiceError,
    change_order_approve,
    change_order_propose,
    invoice_issue_advance,
    invoice_issue_final,
)

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_invoice_at_acceptance_is_half_the_quote(
    quoted, sales, customer_contact, django_capture_on_commit_callbacks, eager_tasks
):
    quote_subtotal = quote_totals(accepted_quote_of(engagement=quoted).lines.all()).subtotal
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_issue_advance(engagement=quoted, user=sales)
    assert invoice.subtotal == (quote_subtotal / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert invoice.vat_total == (invoice.subtotal * Decimal("0.25")).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert invoice.due_date == timezone.localdate() + timedelta(days=30)
    assert invoice.kind == Invoice.Kind.ADVANCE
    assert final_invoice_sent_at(engagement=quoted) is None
    # Mailed to the customer's contacts with the frozen PDF.
    [message] = mail.outbox
    assert message.to == ["kund@example.se"]
    assert message.attachments[0][0] == f"Faktura-{invoice.number}.pdf"


def test_the_pdf_is_in_the_customers_language_and_carries_the_ocr(english_customer, sales):
    invoice = invoice_issue_advance(engagement=english_customer, user=sales)
    assert invoice.language == "en"
    text = " ".join(_pdf_text(bytes(Invoice.objects.get(pk=invoice.pk).frozen_pdf)).split())
    assert f"Invoice {invoice.number}" in text
    due = invoice.due_date.isoformat()
    assert f"Pay to Bankgiro 5050-1055 with OCR reference {invoice.ocr_reference} by {due}." in text


def test_a_second_invoice_at_acceptance_is_refused(quoted, sales, english):
    invoice_issue_advance(engagement=quoted, user=sales)
    with pytest.raises(InvoiceError) as refused:
        invoice_issue_advance(engagement=quoted, user=sales)
    assert refused.value.message == "The invoice at acceptance has already been issued."


def test_the_rest_waits_for_a_verified_migration(quoted, sales, english):
    invoice_issue_advance(engagement=quoted, user=sales)
    with pytest.raises(InvoiceError) as refused:
        invoice_issue_final(engagement=quoted, user=sales)
    assert (
        refused.value.message
        == "The rest is invoiced when the migration is verified; it is not verified yet."
    )


def test_the_final_invoice_takes_the_rest_and_the_approved_change_orders(verified, sales, coordinator):
    quote_subtotal = quote_totals(accepted_quote_of(engagement=verified).lines.all()).subtotal
    advance = invoice_issue_advance(engagement=verified, user=sales)
    order = change_order_propose(
        engagement=verified,
        description="One more share",
        amount=Decimal("4500"),
        vat_rate=Decimal("25"),
        user=coordinator,
    )
    change_order_approve(order=order, name="Anna Åkesson", ip="192.0.2.10", user=None)
    declined = change_order_propose(
        engagement=verified,
        description="Printers",
        amount=Decimal("900"),
        vat_rate=Decimal("25"),
        user=coordinator,
    )
    final = invoice_issue_final(engagement=verified, user=sales)
    assert final.number == advance.number + 1
    assert advance.subtotal + final.subtotal == quote_subtotal + Decimal("4500.00")
    assert [line.amount for line in final.lines.all()] == [
        quote_subtotal - advance.subtotal,
        Decimal("4500.00"),
    ]
    assert final.cumulative_net == final.ceiling
    assert final_invoice_sent_at(engagement=verified) == final.issued_at
    assert declined.invoice_lines.count() == 0
