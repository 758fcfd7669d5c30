"""Staff record an acceptance that came on paper or by e-mail: like the customer's own acceptance,
it moves the engagement to planning, tells the seller, is audited, and is refused for the same reasons."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from engagements import roles
from engagements.models import AuditEntry, PhaseChange
from engagements.phases import Phase
from engagements.quotes.models import OfflineAcceptance, Quote
from engagements.quotes.services import quote_accept, quote_accept_recorded, quote_revise, quote_send
from tests.factories import UserFactory

SIGNED_PDF = b"%PDF-1.7\n% a scanned, signed quote\n%%EOF\n"


@pytest.fixture
def eager_tasks():
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _form(**changes):
    data = {
        "name": "Anna Åkesson",
        "accepted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "email",
        "note": "",
        "signed_copy": SimpleUploadedFile("Offert signerad.pdf", SIGNED_PDF, "application/pdf"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _unchanged(quote):
    quote.refresh_from_db()
    quote.engagement.refresh_from_db()
    return (
        quote.status == Quote.Status.SENT
        and quote.engagement.phase == Phase.QUOTED
        and not OfflineAcceptance.objects.exists()
        and not AuditEntry.objects.filter(action="quote.acceptance_recorded").exists()
    )


def test_a_coordinator_records_a_signed_pdf_and_the_engagement_moves_to_planning(
    sent, coordinator, consultant, client_for, django_capture_on_commit_callbacks, eager_tasks
):
    engagement = sent.engagement
    Quote.objects.filter(pk=sent.pk).update(sent_at=timezone.now() - timedelta(days=3))
    when = timezone.localtime().replace(second=0, microsecond=0) - timedelta(days=1)
    url = reverse("quotes:acceptance_record", args=[sent.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(url, _form(accepted_at=when.strftime("%Y-%m-%dT%H:%M")))
    assert response.status_code == 302

    sent.refresh_from_db()
    engagement.refresh_from_db()
    assert (sent.status, sent.answered_by_name, sent.answered_at) == (
        Quote.Status.ACCEPTED,
        "Anna Åkesson",
        when,
    )
    assert sent.answered_from_ip is None
    evidence = sent.offline_acceptance
    assert (evidence.channel, evidence.recorded_by, evidence.signed_copy_type) == (
        "email",
        coordinator,
        "application/pdf",
    )
    assert bytes(evidence.signed_copy) == SIGNED_PDF

    assert engagement.phase == Phase.PLANNING
    change = PhaseChange.objects.filter(engagement=engagement).last()
    assert (change.from_phase, change.to_phase, change.changed_by) == ("quoted", "planning", coordinator)
    audit = AuditEntry.objects.get(action="quote.acceptance_recorded")
    assert audit.actor == coordinator
    assert (audit.details["name"], audit.details["channel"], audit.details["signed_copy_bytes"]) == (
        "Anna Åkesson",
        "email",
        len(SIGNED_PDF),
    )
    [message] = mail.outbox
    assert message.to == [engagement.seller.email]
    assert "Anna Åkesson" in message.body and coordinator.get_full_name() in message.body

    # The builder shows how it came; the team on the engagement can open the signed copy.
    page = client_for(coordinator).get(reverse("quotes:builder", args=[engagement.pk])).content.decode()
    assert reverse("quotes:signed_copy", args=[sent.pk]) in page
    download = client_for(consultant).get(reverse("quotes:signed_copy", args=[sent.pk]))
    assert download.status_code == 200
    assert (download["Content-Type"], download.content) == ("application/pdf", SIGNED_PDF)
    assert 'filename="Offert signerad.pdf"' in download["Content-Disposition"]


def test_a_note_alone_is_evidence_enough(sent, sales, client_for):
    note = "Signerad offert kom per post 27/11, ligger i pärmen hos Eva."
    response = client_for(sales).post(
        reverse("quotes:acceptance_record", args=[sent.pk]),
        _form(signed_copy=None, channel="paper", note=note),
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Quote.Status.ACCEPTED
    assert (sent.offline_acceptance.note, sent.offline_acceptance.signed_copy) == (note, None)
    assert client_for(sales).get(reverse("quotes:signed_copy", args=[sent.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"signed_copy": None},
            "Attach the signed copy, or write a note saying where the acceptance is kept.",
        ),
        (
            {"signed_copy": SimpleUploadedFile("offert.pdf", b"just some text", "application/pdf")},
            "The signed copy must be a PDF, JPEG or PNG file.",
        ),
        ({"name": "  "}, "This field is required."),
        ({"channel": "fax"}, "Select a valid choice."),
        (
            {"accepted_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "The acceptance cannot be in the future.",
        ),
        (
            {"accepted_at": (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
            "cannot have been accepted before that.",
        ),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_changes_nothing(sent, sales, client_for, changes, message):
    response = client_for(sales).post(
        reverse("quotes:acceptance_record", args=[sent.pk]), _form(**changes), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _unchanged(sent)


def test_an_expired_version_is_refused_with_a_sentence(sent, sales, client_for):
    Quote.objects.filter(pk=sent.pk).update(status=Quote.Status.EXPIRED)
    response = client_for(sales).post(reverse("quotes:acceptance_record", args=[sent.pk]), _form())
    assert response.status_code == 409
    assert "Offerten har gått ut; be oss om en ny." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Quote.Status.EXPIRED
    assert not OfflineAcceptance.objects.exists()


def test_a_version_past_its_validity_date_is_refused_before_the_nightly_task(sent, sales, english):
    Quote.objects.filter(pk=sent.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(Exception, match="expired on"):
        quote_accept_recorded(
            quote=sent,
            user=sales,
            name="Anna",
            accepted_at=timezone.now(),
            channel="email",
            note="Mail 12/11",
        )
    assert _unchanged(sent)


def test_a_superseded_version_is_refused_with_a_sentence(sent, sales, client_for):
    quote_send(quote=quote_revise(quote=sent, user=sales), user=sales)
    response = client_for(sales).post(reverse("quotes:acceptance_record", args=[sent.pk]), _form())
    assert response.status_code == 409
    assert "En nyare version av offerten har skickats; svara på den i stället." in response.content.decode()
    assert Quote.objects.get(pk=sent.pk).status == Quote.Status.SUPERSEDED
    assert not OfflineAcceptance.objects.exists()


def test_a_version_the_customer_already_accepted_is_refused(sent, sales, customer_contact, client_for):
    quote_accept(quote=sent, name="Anna", ip="192.0.2.1", user=customer_contact)
    response = client_for(sales).post(reverse("quotes:acceptance_record", args=[sent.pk]), _form())
    assert response.status_code == 409
    assert "Offerten är redan godkänd." in response.content.decode()
    assert not OfflineAcceptance.objects.exists()


def test_only_sales_and_coordinators_on_the_engagement_record_it(
    sent, consultant, customer_contact, client_for
):
    url = reverse("quotes:acceptance_record", args=[sent.pk])
    outsider = UserFactory(username="sales-elsewhere", role=roles.SALES)
    assert client_for(consultant).post(url, _form()).status_code == 403
    assert client_for(customer_contact).post(url, _form()).status_code == 403
    assert client_for(outsider).post(url, _form()).status_code == 404
    assert client_for(outsider).get(reverse("quotes:signed_copy", args=[sent.pk])).status_code == 404
    assert client_for(customer_contact).get(reverse("quotes:signed_copy", args=[sent.pk])).status_code == 403
    assert _unchanged(sent)


def test_a_cleared_file_field_with_a_note_is_a_note(sent, sales, client_for):
    data = _form(signed_copy=None, note="Mail från Anna 27/11, sparat i kundmappen.")
    data["signed_copy-clear"] = "on"
    response = client_for(sales).post(reverse("quotes:acceptance_record", args=[sent.pk]), data)
    assert response.status_code == 302
    assert Quote.objects.get(pk=sent.pk).offline_acceptance.signed_copy_name == ""
