"""Making a new version leaves the sent one open to the customer until the new one is sent."""

import pytest
from django.urls import reverse

from engagements.models import AuditEntry
from engagements.quotes.models import Quote
from engagements.quotes.services import (
    QuoteAnswerError,
    QuoteSendError,
    quote_accept,
    quote_line_add,
    quote_revise,
    quote_send,
)

pytestmark = pytest.mark.usefixtures("english")


def test_while_version_two_is_a_draft_the_customer_still_sees_and_accepts_version_one(
    sent, sales, customer_contact, client_for
):
    draft = quote_revise(quote=sent, user=sales)
    client = client_for(customer_contact)
    status_url = reverse("engagements:status", args=[sent.engagement.reference])

    page = client.get(status_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("quotes:customer_accept", args=[sent.engagement.reference, 1]) in page
    assert "A newer version" not in page

    response = client.post(
        reverse("quotes:customer_accept", args=[sent.engagement.reference, 1]),
        {"name": "Anna Åkesson", "read_terms": "on"},
    )

    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Quote.Status.ACCEPTED
    # The draft of version 2 is moot once version 1 is accepted: it is discarded, and said so.
    assert not Quote.objects.filter(pk=draft.pk).exists()
    assert list(sent.engagement.quotes.values_list("version", "status")) == [(1, "accepted")]
    discarded = AuditEntry.objects.get(engagement=sent.engagement, action="quote.draft_discarded")
    assert discarded.details == {"version": 2, "accepted_version": 1}


def test_the_builder_says_version_one_is_still_open_while_version_two_is_written(sent, sales, client_for):
    quote_revise(quote=sent, user=sales)
    page = client_for(sales).get(
        reverse("quotes:builder", args=[sent.engagement_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert (
        "Version 1 is still open to the customer: they can accept or decline it until version 2 is sent."
        in html
    )
    assert reverse("quotes:acceptance_record", args=[sent.pk]) in html


def test_sending_version_two_supersedes_version_one_which_can_no_longer_be_answered(
    sent, sales, customer_contact, client_for
):
    draft = quote_revise(quote=sent, user=sales)
    quote_line_add(quote=draft, user=sales, section="other", description="Extra", quantity=1, unit_price=100)

    quote_send(quote=draft, user=sales)

    sent.refresh_from_db()
    draft.refresh_from_db()
    assert (sent.status, draft.status) == (Quote.Status.SUPERSEDED, Quote.Status.SENT)
    with pytest.raises(QuoteAnswerError, match="A newer version of this quote has been sent"):
        quote_accept(quote=sent, name="Anna", ip=None, user=customer_contact)
    response = client_for(customer_contact).post(
        reverse("quotes:customer_accept", args=[sent.engagement.reference, 1]),
        {"name": "Anna", "read_terms": "on"},
    )
    assert response.status_code == 409
    sent.refresh_from_db()
    assert sent.status == Quote.Status.SUPERSEDED
    assert AuditEntry.objects.filter(
        engagement=sent.engagement, action="quote.superseded", details={"version": 1, "by_version": 2}
    ).exists()


def test_a_draft_cannot_be_sent_once_an_earlier_version_is_accepted(sent, sales, customer_contact):
    draft = quote_revise(quote=sent, user=sales)
    # An acceptance that discards drafts is the normal path; a draft left by other means is refused.
    Quote.objects.filter(pk=sent.pk).update(status=Quote.Status.ACCEPTED)
    with pytest.raises(QuoteSendError, match="Version 1 has been accepted; a new version cannot be sent."):
        quote_send(quote=draft, user=sales)
    assert Quote.objects.get(pk=draft.pk).status == Quote.Status.DRAFT
