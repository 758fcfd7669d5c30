from datetime import date

import pytest
from django.core import mail

from engagements.models import Customer
from engagements.planning.errors import EmailNotSent
from engagements.planning.reports import weekly_report_draft, weekly_report_send, weekly_report_update
from engagements.planning.services import status_update_post
from tests.factories import ContactFactory

WEEK = date(2027, 1, 11)


def sent_report(engagement, coordinator, **edits):
    report, _ = weekly_report_draft(engagement=engagement, week_start=WEEK)
    fields = {
        "done_text": report.done_text,
        "next_text": report.next_text,
        "risks": "Servern är långsam.",
        "decisions_needed": "Ska gamla projekt arkiveras?",
        "internal_note": "Kunden är svår att nå på fredagar",
        **edits,
    }
    weekly_report_update(report=report, user=coordinator, reviewed=True, **fields)
    return weekly_report_send(report=report, user=coordinator)


@pytest.fixture
def contacts(planned):
    return [
        ContactFactory(customer=planned.customer, email="anna@akesson.example", is_primary=True),
        ContactFactory(customer=planned.customer, email="bo@akesson.example"),
    ]


def test_report_email_has_html_and_text_to_every_contact(planned, coordinator, contacts):
    Customer.objects.filter(pk=planned.customer_id).update(language="en")
    planned.customer.refresh_from_db()
    sent_report(planned, coordinator)

    (message,) = mail.outbox
    assert sorted(message.to) == ["anna@akesson.example", "bo@akesson.example"]
    assert message.subject == f"Weekly report, week 2: {planned.title}"
    assert "What was done" in message.body
    assert "Ska gamla projekt arkiveras?" in message.body
    assert f"/status/{planned.reference}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Decisions we need from you" in html
    # The coordinator's internal note is for the team only.
    assert "svår att nå" not in message.body and "svår att nå" not in html


def test_report_email_is_in_swedish_for_a_swedish_customer(planned, coordinator, contacts):
    assert planned.customer.language == "sv"
    sent_report(planned, coordinator)

    (message,) = mail.outbox
    assert message.subject == f"Veckorapport, vecka 2: {planned.title}"
    assert "Vad som har gjorts" in message.body
    assert "Beslut vi behöver från er" in message.alternatives[0][0]


def test_report_text_is_escaped_in_html_but_not_in_text(planned, coordinator, contacts):
    sent_report(planned, coordinator, risks="<script>alert(1)</script> & mer")
    (message,) = mail.outbox
    assert "<script>alert(1)</script> & mer" in message.body
    assert "&lt;script&gt;" in message.alternatives[0][0]


def test_customer_without_contacts_is_told_and_nothing_is_sent(planned, coordinator):
    with pytest.raises(EmailNotSent):
        sent_report(planned, coordinator)
    report = planned.weekly_reports.get()
    assert report.status == "reviewed"
    assert report.sent_at is None


def test_status_update_may_be_emailed(planned, sales, contacts):
    update = status_update_post(
        engagement=planned, user=sales, body="Vi kommer på tisdag i stället.", send_email=True
    )
    (message,) = mail.outbox
    assert "Vi kommer på tisdag i stället." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert update.emailed_at is not None

    status_update_post(engagement=planned, user=sales, body="Bara på sidan.")
    assert len(mail.outbox) == 1
