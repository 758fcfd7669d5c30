"""The reconciliation: figures side by side, the meeting written down, marked done with a PDF to the
customer; closing waits for it."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from engagements.phases import Phase, guards_for
from invoicing.guards import closing_needs_reconciliation
from invoicing.selectors import reconciliation_done, reconciliation_figures
from invoicing.services import (
    ReconciliationError,
    change_order_approve,
    change_order_propose,
    credit_issue,
    invoice_issue_advance,
    invoice_issue_final,
    reconciliation_mark_done,
    reconciliation_update,
)

pytestmark = pytest.mark.django_db


def test_marking_done_waits_for_the_final_invoice(quoted, sales, english):
    invoice_issue_advance(engagement=quoted, user=sales)
    with pytest.raises(ReconciliationError) as refused:
        reconciliation_mark_done(engagement=quoted, user=sales)
    assert refused.value.message == "The reconciliation is done after the final invoice; issue it first."
    assert closing_needs_reconciliation(quoted) == (
        "The engagement closes after the reconciliation with the customer: "
        "mark it done on the invoicing page."
    )


def test_the_reconciliation_from_figures_to_pdf(
    verified,
    sales,
    coordinator,
    customer_contact,
    client_for,
    django_capture_on_commit_callbacks,
    eager_tasks,
):
    engagement = verified
    engagement.customer.language = "en"
    engagement.customer.save(update_fields=["language"])
    credit_issue(
        customer=engagement.customer,
        amount=Decimal("2000"),
        reason="Residual value",
        user=coordinator,
        engagement=engagement,
    )
    invoice_issue_advance(engagement=engagement, user=sales)
    order = change_order_propose(
        engagement=engagement,
        description="Another share",
        amount=Decimal("4500"),
        vat_rate=Decimal("25"),
        user=coordinator,
    )
    change_order_approve(order=order, name="Anna Åkesson", ip="192.0.2.10", user=None)
    invoice_issue_final(engagement=engagement, user=sales, credit=Decimal("500"))
    figures = reconciliation_figures(engagement=engagement)
    assert figures.quoted == Decimal("53613.33")
    assert figures.approved_changes == Decimal("4500.00")
    assert figures.invoiced == Decimal("58113.33")
    assert figures.credit_applied == Decimal("500.00")
    assert figures.credit_issued == Decimal("2000.00")
    assert figures.difference == Decimal("0.00")

    with pytest.raises(ReconciliationError):
        reconciliation_mark_done(engagement=engagement, user=sales)
    reconciliation_update(
        engagement=engagement,
        meeting_on=engagement.created_at.date(),
        notes="Went through it all.",
        outcome="Agreed.",
        user=sales,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reconciliation_mark_done(engagement=engagement, user=sales)
    assert reconciliation_done(engagement=engagement)
    [message] = mail.outbox
    assert message.subject == f"The reconciliation of {engagement.reference}"
    response = client_for(customer_contact).get(
        reverse("invoicing:reconciliation_pdf", args=[engagement.reference])
    )
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Quoted fixed price SEK 53,613.33" in text
    assert "Approved change orders SEK 4,500.00" in text
    assert "Difference (agreed less invoiced) SEK 0.00" in text
    assert "Agreed." in text
    assert closing_needs_reconciliation(engagement) is None


def test_the_closing_guard_is_registered():
    assert closing_needs_reconciliation in guards_for(Phase.CLOSED)
