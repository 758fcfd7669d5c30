"""Every view of the app: the right role gets it, the wrong role 403, the wrong engagement 404."""

import pytest
from django.urls import reverse

from engagements import roles
from tests.factories import UserFactory


@pytest.fixture
def unassigned_sales(db):
    return UserFactory(username="sales-unassigned", role=roles.SALES)


STAFF_GET = [
    ("quotes:discovery", "engagement"),
    ("quotes:discovery_record", "engagement"),
    ("quotes:customer_users_import", "engagement"),
    ("quotes:builder", "engagement"),
]


@pytest.mark.parametrize(("name", "arg"), STAFF_GET)
def test_staff_pages_open_for_the_team_and_are_closed_to_others(
    name, arg, engagement, sales, consultant, unassigned_sales, customer_contact, client_for
):
    url = reverse(name, args=[engagement.pk])
    assert client_for(sales).get(url).status_code == 200
    assert client_for(consultant).get(url).status_code == 200
    assert client_for(unassigned_sales).get(url).status_code == 404
    assert client_for(customer_contact).get(url).status_code == 403


def test_builder_and_pdf_of_a_draft(draft, sales, consultant, unassigned_sales, customer_contact, client_for):
    builder = reverse("quotes:builder", args=[draft.engagement_id])
    response = client_for(sales).get(builder)
    assert "Inventering av skrivare" in response.content.decode()
    pdf = reverse("quotes:pdf", args=[draft.pk])
    response = client_for(consultant).get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"Offert-{draft.engagement.reference}-v1.pdf" in response["Content-Disposition"]
    assert client_for(unassigned_sales).get(pdf).status_code == 404
    assert client_for(customer_contact).get(pdf).status_code == 403


def test_quote_changes_are_for_sales_and_coordinators(
    draft, consultant, coordinator, customer_contact, client_for
):
    line = draft.lines.first()
    posts = [
        reverse("quotes:line_add_from_catalogue", args=[draft.pk]),
        reverse("quotes:line_add", args=[draft.pk]),
        reverse("quotes:line_edit", args=[draft.pk, line.pk]),
        reverse("quotes:line_remove", args=[draft.pk, line.pk]),
        reverse("quotes:details", args=[draft.pk]),
        reverse("quotes:duration", args=[draft.pk]),
        reverse("quotes:send", args=[draft.pk]),
        reverse("quotes:revise", args=[draft.pk]),
        reverse("quotes:start", args=[draft.engagement_id]),
    ]
    for url in posts:
        assert client_for(consultant).post(url).status_code == 403, url
        assert client_for(customer_contact).post(url).status_code == 403, url
    # A coordinator may: removing a line answers with the builder again.
    response = client_for(coordinator).post(reverse("quotes:line_remove", args=[draft.pk, line.pk]))
    assert response.status_code == 302
    assert not draft.lines.filter(pk=line.pk).exists()


def test_state_changes_refuse_get(draft, sales, client_for):
    client = client_for(sales)
    assert client.get(reverse("quotes:send", args=[draft.pk])).status_code == 405
    assert (
        client.get(reverse("quotes:line_remove", args=[draft.pk, draft.lines.first().pk])).status_code == 405
    )


def test_quote_of_an_unseen_engagement_is_404(draft, unassigned_sales, client_for):
    assert client_for(unassigned_sales).post(reverse("quotes:send", args=[draft.pk])).status_code == 404
    assert client_for(unassigned_sales).get(reverse("quotes:pdf", args=[999999])).status_code == 404


def test_customer_pages(sent, customer_contact, other_customer_contact, client_for):
    reference = sent.engagement.reference
    pdf = reverse("quotes:customer_pdf", args=[reference, sent.version])
    accept = reverse("quotes:customer_accept", args=[reference, sent.version])
    decline = reverse("quotes:customer_decline", args=[reference, sent.version])
    assert client_for(customer_contact).get(pdf).status_code == 200
    assert client_for(customer_contact).get(accept).status_code == 405
    other = client_for(other_customer_contact)
    # Everything of another company is not found; answering with GET is refused before any lookup.
    assert other.post(accept).status_code == 404
    assert other.post(decline).status_code == 404
    assert other.get(pdf).status_code == 404
    assert other.get(accept).status_code == 405
    assert other.get(decline).status_code == 405
    assert other.post(pdf).status_code == 404


def test_customer_never_sees_a_draft(draft, customer_contact, client_for):
    client = client_for(customer_contact)
    url = reverse("quotes:customer_pdf", args=[draft.engagement.reference, draft.version])
    assert client.get(url).status_code == 404
    status = client.get(reverse("engagements:status", args=[draft.engagement.reference])).content.decode()
    assert "Inventering av skrivare" not in status


def test_pipeline_for_sales_and_coordinators_only(
    sales, coordinator, consultant, customer_contact, client_for
):
    url = reverse("quotes:pipeline")
    assert client_for(sales).get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(consultant).get(url).status_code == 403
    assert client_for(customer_contact).get(url).status_code == 403


def test_staff_cannot_answer_for_the_customer(sent, sales, client_for):
    url = reverse("quotes:customer_accept", args=[sent.engagement.reference, 1])
    assert client_for(sales).post(url, {"name": "Sara", "read_terms": "on"}).status_code == 403
    page = client_for(sales).get(reverse("engagements:status", args=[sent.engagement.reference]))
    assert url not in page.content.decode()
    sent.refresh_from_db()
    assert sent.status == "sent"


DISCOVERY_POSTS = [
    ("quotes:discovery_record", {}),
    ("quotes:file_server_add", {"name": "NAS"}),
    ("quotes:customer_user_add", {"name": "Bo", "email": "bo@kund.example"}),
    ("quotes:customer_users_import", {}),
]


@pytest.mark.parametrize(("name", "data"), DISCOVERY_POSTS)
def test_discovery_changes_are_closed_to_customers_and_unassigned_staff(
    name, data, engagement, unassigned_sales, customer_contact, other_customer_contact, client_for
):
    url = reverse(name, args=[engagement.pk])
    assert client_for(customer_contact).post(url, data).status_code == 403
    assert client_for(other_customer_contact).post(url, data).status_code == 403
    assert client_for(unassigned_sales).post(url, data).status_code == 404
    assert not engagement.file_servers.exists() and not engagement.customer_users.exists()


def test_removing_discovery_rows_is_closed_to_others(
    engagement, unassigned_sales, customer_contact, client_for
):
    from engagements.quotes.models import CustomerUser, FileServer

    server = FileServer.objects.create(engagement=engagement, name="NAS")
    person = CustomerUser.objects.create(engagement=engagement, name="Bo", email="bo@kund.example")
    for url in (
        reverse("quotes:file_server_remove", args=[engagement.pk, server.pk]),
        reverse("quotes:customer_user_remove", args=[engagement.pk, person.pk]),
    ):
        assert client_for(customer_contact).post(url).status_code == 403
        assert client_for(unassigned_sales).post(url).status_code == 404
    assert engagement.file_servers.count() == 1 and engagement.customer_users.count() == 1
