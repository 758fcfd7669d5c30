"""Closing waits for the survey; the status page of a closed engagement says so, with its documents."""

import pytest
from django.urls import reverse

from engagements.models import Engagement
from engagements.phases import Phase, guards_for
from feedback.selectors import closing_needs_survey

pytestmark = pytest.mark.usefixtures("english")


def test_the_guard_is_registered_for_closing():
    assert closing_needs_survey in guards_for(Phase.CLOSED)


def test_closing_is_refused_until_the_survey_has_gone_out(engagement):
    assert closing_needs_survey(engagement) == (
        "The feedback survey has not gone out yet; it is sent 4–6 weeks after the final invoice."
    )


def test_closing_may_go_ahead_once_it_has(survey, engagement):
    assert closing_needs_survey(engagement) is None


def _closed(engagement):
    # Closing through engagement_advance needs decommissioning, invoicing and this app's guards
    # met; those are each app's own tests. Here only the status page of a closed one matters.
    Engagement.objects.filter(pk=engagement.pk).update(phase=Phase.CLOSED)


def test_the_status_page_of_a_closed_engagement_says_so(client_for, engagement, customer_contact):
    from tests.quotes.factories import accepted_quote

    quote = accepted_quote(engagement, engagement.seller)
    _closed(engagement)

    html = (
        client_for(customer_contact)
        .get(reverse("engagements:status", args=[engagement.reference]))
        .content.decode()
    )

    closed = html.split('id="engagement-closed"')[1].split("</section>")[0]
    assert "This engagement is closed" in closed
    quote_pdf = reverse("quotes:customer_pdf", args=[engagement.reference, quote.version])
    assert f'<li><a href="{quote_pdf}">The quote (PDF)</a></li>' in closed


def test_an_open_engagement_has_no_closed_section(client_for, engagement, customer_contact):
    html = (
        client_for(customer_contact)
        .get(reverse("engagements:status", args=[engagement.reference]))
        .content.decode()
    )

    assert "This engagement is closed" not in html


def test_the_contacts_own_unanswered_survey_is_mentioned(client_for, survey, engagement):
    anna = survey.invitations.get(email="anna@akessonbygg.example").contact.user

    html = client_for(anna).get(reverse("engagements:status", args=[engagement.reference])).content.decode()

    assert "We have e-mailed you a short survey about your seller and the project team" in html


def test_the_closed_page_lists_the_quote_the_verification_certificate_and_the_reconciliation(
    client_for, invoiced, sales
):
    from django.utils import timezone

    from invoicing.services import reconciliation_mark_done, reconciliation_update
    from tests.factories import ContactFactory

    reconciliation_update(
        engagement=invoiced,
        meeting_on=timezone.localdate(),
        notes="Genomgång.",
        outcome="Godkänd.",
        user=sales,
    )
    reconciliation_mark_done(engagement=invoiced, user=sales)
    _closed(invoiced)
    contact = ContactFactory(customer=invoiced.customer, email="bo@akessonbygg.example").user

    html = client_for(contact).get(reverse("engagements:status", args=[invoiced.reference])).content.decode()

    closed = html.split('id="engagement-closed"')[1].split("</section>")[0]
    assert closed.count("<li>") == 3
    assert f'<a href="{reverse("migration:certificate", args=[invoiced.pk])}">' in closed
    reconciliation_pdf = reverse("invoicing:reconciliation_pdf", args=[invoiced.reference])
    assert f'<a href="{reconciliation_pdf}">The reconciliation (PDF)' in closed
