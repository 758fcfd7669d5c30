"""Who may open and act on invoicing's pages, PDFs and links. Another customer's contact gets 404
on every one of them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from invoicing.models import ChangeOrder, Invoice
from invoicing.services import change_order_propose, invoice_issue_advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced(quoted, sales, coordinator):
    """The invoice at acceptance and a change order waiting for the customer."""
    advance = invoice_issue_advance(engagement=quoted, user=sales)
    order = change_order_propose(
        engagement=quoted,
        description="Extra share",
        amount=Decimal("900"),
        vat_rate=Decimal("25"),
        user=coordinator,
    )
    return quoted, advance, order


def _get_urls(engagement, invoice, order):
    return [
        reverse("invoicing:page", args=[engagement.pk]),
        reverse("invoicing:invoice_pdf", args=[engagement.reference, invoice.number]),
    ]


def _post_urls(engagement, order):
    return [
        reverse("invoicing:issue", args=[engagement.pk, "advance"]),
        reverse("invoicing:issue", args=[engagement.pk, "final"]),
        reverse("invoicing:change_order_new", args=[engagement.pk]),
        reverse("invoicing:change_order_withdraw", args=[engagement.pk, order.number]),
        reverse("invoicing:reconciliation_edit", args=[engagement.pk]),
        reverse("invoicing:reconciliation_done", args=[engagement.pk]),
        reverse("invoicing:change_order_approve", args=[engagement.reference, order.number]),
        reverse("invoicing:change_order_decline", args=[engagement.reference, order.number]),
    ]


def test_another_customers_contact_gets_404_everywhere(invoiced, other_customer_contact, client_for):
    engagement, invoice, order = invoiced
    client = client_for(other_customer_contact)
    for url in _get_urls(engagement, invoice, order):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(engagement, order):
        assert client.post(url, {"name": "Mallory"}).status_code == 404, url
    assert client.get(reverse("invoicing:reconciliation_pdf", args=[engagement.reference])).status_code == 404
    order.refresh_from_db()
    assert order.status == ChangeOrder.Status.PROPOSED


def test_the_customer_downloads_the_invoice_and_approves_the_change_order(
    invoiced, customer_contact, client_for
):
    engagement, invoice, order = invoiced
    client = client_for(customer_contact)
    response = client.get(reverse("invoicing:invoice_pdf", args=[engagement.reference, invoice.number]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("invoicing:page", args=[engagement.pk])).status_code == 404
    response = client.post(
        reverse("invoicing:change_order_approve", args=[engagement.reference, order.number]),
        {"name": "Anna Åkesson"},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.answered_by_name, order.answered_from_ip) == (
        "approved",
        "Anna Åkesson",
        "192.0.2.44",
    )


def test_the_status_page_shows_invoices_change_orders_and_balance(
    invoiced, customer_contact, client_for, english
):
    engagement, invoice, order = invoiced
    engagement.customer.language = "en"
    engagement.customer.save(update_fields=["language"])
    client = client_for(customer_contact)
    page = client.get(reverse("engagements:status", args=[engagement.reference])).content.decode()
    assert reverse("invoicing:invoice_pdf", args=[engagement.reference, invoice.number]) in page
    assert f"Invoice {invoice.number} (PDF)" in page
    assert "Approve the change order" in page
    assert "Your store credit at Macforum: SEK\u00a00.00" in page


@pytest.mark.parametrize("role", ["sales", "coordinator"])
def test_sales_and_coordinators_act(invoiced, role, request, client_for):
    engagement, invoice, order = invoiced
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(reverse("invoicing:page", args=[engagement.pk])).status_code == 200
    response = client.post(
        reverse("invoicing:change_order_new", args=[engagement.pk]),
        {"description": "Printers", "amount": "1200", "vat_rate": "25"},
    )
    assert response.status_code == 302
    assert ChangeOrder.objects.filter(engagement=engagement).count() == 2


def test_consultants_see_but_do_not_act(invoiced, consultant, client_for, english):
    engagement, invoice, order = invoiced
    client = client_for(consultant)
    page = client.get(reverse("invoicing:page", args=[engagement.pk]))
    assert page.status_code == 200
    assert "Put the change order to the customer" not in page.content.decode()
    for url in _post_urls(engagement, order)[:6]:
        assert client.post(url, {"description": "x", "amount": "1", "vat_rate": "25"}).status_code == 403, url
    assert (
        client.get(reverse("invoicing:invoice_pdf", args=[engagement.reference, invoice.number])).status_code
        == 200
    )


def test_a_consultant_not_on_the_engagement_gets_404(invoiced, other_consultant, client_for):
    engagement, invoice, order = invoiced
    client = client_for(other_consultant)
    assert client.get(reverse("invoicing:page", args=[engagement.pk])).status_code == 404
    assert (
        client.get(reverse("invoicing:invoice_pdf", args=[engagement.reference, invoice.number])).status_code
        == 404
    )


def test_staff_cannot_approve_for_the_customer(invoiced, sales, client_for):
    engagement, invoice, order = invoiced
    response = client_for(sales).post(
        reverse("invoicing:change_order_approve", args=[engagement.reference, order.number]), {"name": "Sara"}
    )
    assert response.status_code == 403


def test_the_sie_export_is_for_coordinators(invoiced, coordinator, sales, customer_contact, client):
    client.force_login(sales)
    assert client.get(reverse("invoicing:sie")).status_code == 403
    client.force_login(customer_contact)
    assert client.get(reverse("invoicing:sie")).status_code == 404
    client.force_login(coordinator)
    response = client.get(reverse("invoicing:sie"), {"year": "not-a-year"})
    assert response.status_code == 200
    assert response.content.startswith(b"#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4")


def test_hostile_input_gets_a_message_not_a_500(invoiced, sales, client_for):
    engagement, invoice, order = invoiced
    client = client_for(sales)
    assert client.post(reverse("invoicing:issue", args=[engagement.pk, "bogus"])).status_code == 404
    response = client.post(reverse("invoicing:issue", args=[engagement.pk, "advance"]), {"credit": "1e999"})
    assert response.status_code == 302
    response = client.post(
        reverse("invoicing:change_order_new", args=[engagement.pk]),
        {"description": "x" * 5000, "amount": "-4", "vat_rate": "250"},
    )
    assert response.status_code == 400
    assert Invoice.objects.filter(engagement=engagement).count() == 1
