"""Never above the quote plus approved change orders: the service refuses, and so does the database
when a row is written past the service."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from invoicing.models import Invoice
from invoicing.selectors import invoicing_ceiling
from invoicing.services import (
    InvoiceAboveCeilingError,
    NewLine,
    change_order_approve,
    change_order_propose,
    invoice_issue,
    invoice_issue_advance,
)

pytestmark = pytest.mark.django_db


def test_the_service_refuses_an_invoice_above_the_quote(quoted, sales, english):
    advance = invoice_issue_advance(engagement=quoted, user=sales)
    ceiling = invoicing_ceiling(engagement=quoted)
    headroom = ceiling - advance.subtotal
    with pytest.raises(InvoiceAboveCeilingError) as refused:
        invoice_issue(
            engagement=quoted,
            kind=Invoice.Kind.OTHER,
            lines=[NewLine(description="Extra", amount=headroom + Decimal("0.01"), vat_rate=Decimal("25"))],
            user=sales,
        )
    assert refused.value.message.startswith(
        "This invoice would take the invoiced total to SEK\u00a053,613.34 excl. VAT, above the quote plus "
        "approved change orders (SEK\u00a053,613.33)."
    )
    assert Invoice.objects.filter(engagement=quoted).count() == 1
    # Up to the ceiling is allowed.
    invoice_issue(
        engagement=quoted,
        kind=Invoice.Kind.OTHER,
        lines=[NewLine(description="Extra", amount=headroom, vat_rate=Decimal("25"))],
        user=sales,
    )


def test_an_approved_change_order_raises_the_ceiling(quoted, sales, coordinator):
    before = invoicing_ceiling(engagement=quoted)
    order = change_order_propose(
        engagement=quoted,
        description="Another share",
        amount=Decimal("4500"),
        vat_rate=Decimal("25"),
        user=coordinator,
    )
    assert invoicing_ceiling(engagement=quoted) == before
    change_order_approve(order=order, name="Anna Åkesson", ip="192.0.2.10", user=None)
    assert invoicing_ceiling(engagement=quoted) == before + Decimal("4500.00")


def test_the_database_refuses_a_row_above_its_ceiling(quoted, sales):
    """An insert past the service, keeping the running total honest, is stopped by the CHECK."""
    advance = invoice_issue_advance(engagement=quoted, user=sales)
    ceiling = invoicing_ceiling(engagement=quoted)
    amount = ceiling - advance.subtotal + Decimal("100.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            engagement=quoted,
            number=advance.number + 1,
            kind=Invoice.Kind.OTHER,
            ocr_reference="99999",
            issued_at=timezone.now(),
            due_date=timezone.localdate(),
            subtotal=amount,
            vat_total=Decimal("0"),
            total=amount,
            cumulative_net=advance.cumulative_net + amount,
            ceiling=ceiling,
        )
    assert Invoice.objects.filter(engagement=quoted).count() == 1


def test_the_database_refuses_a_running_total_below_the_invoice_itself(quoted, sales):
    """A running total smaller than the invoice itself, to slip under the ceiling, is refused too."""
    ceiling = invoicing_ceiling(engagement=quoted)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            engagement=quoted,
            number=1,
            kind=Invoice.Kind.OTHER,
            ocr_reference="99999",
            issued_at=timezone.now(),
            due_date=timezone.localdate(),
            subtotal=ceiling + 1,
            vat_total=Decimal("0"),
            total=ceiling + 1,
            cumulative_net=Decimal("1.00"),
            ceiling=ceiling,
        )
