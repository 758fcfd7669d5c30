"""The customer accepts or declines on the status page; expired and superseded versions are refused."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engagements.phases import Phase
from engagements.quotes.models import Quote
from engagements.quotes.services import QuoteAnswerError, quote_accept, quote_revise, quote_send


@pytest.fixture
def eager_tasks(settings):
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_the_status_page_shows_the_sent_quote_with_the_acceptance_last(sent, customer_contact, client_for):
    page = client_for(customer_contact).get(reverse("engagements:status", args=[sent.engagement.reference]))
    html = page.content.decode()
    assert "Inventering av skrivare" in html
    assert reverse("quotes:customer_pdf", args=[sent.engagement.reference, 1]) in html
    terms = html.index(sent.terms[:40])
    accept = html.index(reverse("quotes:customer_accept", args=[sent.engagement.reference, 1]))
    assert terms < accept


def test_accepting_records_name_time_ip_tells_the_seller_and_moves_to_planning(
    sent, customer_contact, client_for, django_capture_on_commit_callbacks, eager_tasks
):
    engagement = sent.engagement
    assert engagement.phase == Phase.QUOTED  # sending moved it from discovery
    url = reverse("quotes:customer_accept", args=[engagement.reference, 1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(customer_contact).post(
            url, {"name": "Anna Åkesson", "read_terms": "on"}, REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 302
    sent.refresh_from_db()
    engagement.refresh_from_db()
    assert sent.status == Quote.Status.ACCEPTED
    assert (sent.answered_by_name, sent.answered_from_ip) == ("Anna Åkesson", "198.51.100.7")
    assert sent.answered_at is not None and sent.answered_by == customer_contact
    assert engagement.phase == Phase.PLANNING
    assert [m.to for m in mail.outbox] == [[engagement.seller.email]]
    assert "Anna Åkesson" in mail.outbox[0].body


def test_accepting_without_name_or_terms_is_refused_and_changes_nothing(sent, customer_contact, client_for):
    url = reverse("quotes:customer_accept", args=[sent.engagement.reference, 1])
    response = client_for(customer_contact).post(url, {"name": "Anna Åkesson"})
    assert response.status_code == 400
    sent.refresh_from_db()
    assert sent.status == Quote.Status.SENT


def test_declining_needs_a_reason_and_records_it(sent, customer_contact, client_for, eager_tasks):
    url = reverse("quotes:customer_decline", args=[sent.engagement.reference, 1])
    client = client_for(customer_contact)
    assert client.post(url, {"name": "Anna"}).status_code == 400
    response = client.post(url, {"name": "Anna", "reason": "För dyrt just nu."})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.status, sent.decline_reason) == (Quote.Status.DECLINED, "För dyrt just nu.")
    assert sent.engagement.phase == Phase.QUOTED


def test_a_superseded_version_cannot_be_accepted(sent, sales, customer_contact, client_for):
    draft = quote_revise(quote=sent, user=sales)
    quote_send(quote=draft, user=sales)
    url = reverse("quotes:customer_accept", args=[sent.engagement.reference, 1])
    response = client_for(customer_contact).post(url, {"name": "Anna", "read_terms": "on"})
    assert response.status_code == 409
    assert "En nyare version av offerten har skickats; svara på den i stället." in response.content.decode()
    assert Quote.objects.get(pk=sent.pk).status == Quote.Status.SUPERSEDED


def test_a_quote_past_its_validity_cannot_be_accepted_even_before_the_nightly_task(
    sent, customer_contact, english
):
    Quote.objects.filter(pk=sent.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(QuoteAnswerError, match="expired"):
        quote_accept(quote=sent, name="Anna", ip="192.0.2.1", user=customer_contact)
    assert Quote.objects.get(pk=sent.pk).status == Quote.Status.SENT


def test_an_expired_quote_is_refused_with_a_sentence(sent, customer_contact, client_for):
    Quote.objects.filter(pk=sent.pk).update(status=Quote.Status.EXPIRED)
    url = reverse("quotes:customer_accept", args=[sent.engagement.reference, 1])
    response = client_for(customer_contact).post(url, {"name": "Anna", "read_terms": "on"})
    assert response.status_code == 409
    sent.engagement.refresh_from_db()
    assert sent.engagement.phase == Phase.QUOTED


def test_a_quote_is_answered_once(sent, customer_contact, english):
    quote_accept(quote=sent, name="Anna", ip=None, user=customer_contact)
    with pytest.raises(QuoteAnswerError, match="already been accepted"):
        quote_accept(quote=sent, name="Anna", ip=None, user=customer_contact)


def test_sending_mails_the_customer_the_pdf_and_the_status_page(
    draft, sales, customer_contact, django_capture_on_commit_callbacks, eager_tasks
):
    from django.conf import settings

    with django_capture_on_commit_callbacks(execute=True):
        quote_send(quote=draft, user=sales)
    [message] = mail.outbox
    assert message.to == ["kund@example.se"]
    assert (
        settings.SITE_URL + reverse("engagements:status", args=[draft.engagement.reference]) in message.body
    )
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"Offert-{draft.engagement.reference}-v1.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
