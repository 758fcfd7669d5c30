"""Sending a quote is asked once more, on a confirmation page that works without JavaScript."""

import pytest
from django.urls import reverse

from engagements.quotes.models import Quote
from tests.factories import ContactFactory

pytestmark = pytest.mark.usefixtures("english")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_builder_links_to_the_confirmation_not_straight_to_sending(draft, sales, client_for):
    page = client_for(sales).get(reverse("quotes:builder", args=[draft.engagement_id]), **EN).content.decode()

    assert f'href="{reverse("quotes:send_confirm", args=[draft.pk])}"' in page
    assert f'action="{reverse("quotes:send", args=[draft.pk])}"' not in page


def test_the_confirmation_names_customer_recipients_and_total_and_sends_nothing(draft, sales, client_for):
    ContactFactory(customer=draft.engagement.customer, name="Anna Åkesson", email="anna@akesson.example")
    ContactFactory(
        customer=draft.engagement.customer, name="Utan Inlogg", email="ingen@akesson.example", user=None
    )

    response = client_for(sales).get(reverse("quotes:send_confirm", args=[draft.pk]), **EN)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Send version 1 to Åkesson Bygg AB?" in page
    assert "Anna Åkesson &lt;anna@akesson.example&gt;" in page
    assert "ingen@akesson.example" not in page  # no login: not e-mailed
    assert f'<form method="post" action="{reverse("quotes:send", args=[draft.pk])}"' in page
    assert "Yes, send version 1" in page
    assert Quote.objects.get(pk=draft.pk).status == Quote.Status.DRAFT


def test_confirming_sends(draft, sales, client_for):
    client = client_for(sales)
    client.get(reverse("quotes:send_confirm", args=[draft.pk]), **EN)

    response = client.post(reverse("quotes:send", args=[draft.pk]), follow=True, **EN)

    assert "Version 1 was sent to the customer." in response.content.decode()
    assert Quote.objects.get(pk=draft.pk).status == Quote.Status.SENT


def test_a_sent_version_has_no_confirmation_page(sent, sales, client_for):
    response = client_for(sales).get(reverse("quotes:send_confirm", args=[sent.pk]), follow=True, **EN)
    assert response.redirect_chain[-1][0] == reverse("quotes:builder", args=[sent.engagement_id])
    assert "Version 1 has already been sent." in response.content.decode()


def test_consultant_403_customer_403_other_seller_404(
    draft, client_for, consultant, customer_contact, other_sales
):
    url = reverse("quotes:send_confirm", args=[draft.pk])
    assert client_for(consultant).get(url).status_code == 403
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(other_sales).get(url).status_code == 404


def test_the_confirmation_takes_get_only(draft, sales, client_for):
    assert client_for(sales).post(reverse("quotes:send_confirm", args=[draft.pk])).status_code == 405
    assert Quote.objects.get(pk=draft.pk).status == Quote.Status.DRAFT
