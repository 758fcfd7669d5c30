"""Recording the processor agreement: the service, the panel's form, the file served to staff only."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from engagements.models import AuditEntry
from engagements.privacy.models import ProcessorAgreement
from tests.factories import AGREEMENT_PDF, sign_processor_agreement

pytestmark = pytest.mark.usefixtures("english")


def _post(client, engagement, *, document=None, **overrides):
    data = {
        "version": "PUB 2026:1",
        "signed_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "signer_name": "Anna Åkesson",
        "signer_role": "VD",
        "document": document or SimpleUploadedFile("avtal.pdf", AGREEMENT_PDF),
        **overrides,
    }
    return client.post(reverse("privacy:agreement", args=[engagement.pk]), data)


def test_a_consultant_on_the_engagement_records_it_and_the_page_shows_it(client_for, consultant, engagement):
    client = client_for(consultant)
    response = _post(client, engagement)
    assert response.status_code == 302
    agreement = ProcessorAgreement.objects.get(engagement=engagement)
    assert (agreement.version, agreement.signer_name, agreement.signer_role) == (
        "PUB 2026:1",
        "Anna Åkesson",
        "VD",
    )
    assert agreement.recorded_by == consultant and bytes(agreement.document) == AGREEMENT_PDF
    assert AuditEntry.objects.filter(
        engagement=engagement, action="privacy.processor_agreement_recorded"
    ).exists()
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Signed by" in page and "Anna Åkesson, VD" in page


def test_a_file_that_is_not_a_pdf_is_refused_with_a_sentence(client_for, sales, engagement):
    fake = SimpleUploadedFile("avtal.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = _post(client_for(sales), engagement, document=fake)
    assert response.status_code == 400
    assert "The signed agreement must be a PDF file." in response.content.decode()
    assert not ProcessorAgreement.objects.exists()


def test_a_signing_date_in_the_future_is_refused(client_for, sales, engagement):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _post(client_for(sales), engagement, signed_on=tomorrow)
    assert response.status_code == 400
    assert "The agreement cannot be signed in the future." in response.content.decode()
    assert not ProcessorAgreement.objects.exists()


def test_the_file_goes_to_staff_on_the_engagement_only(
    client_for, coordinator, other_consultant, customer_contact, other_customer_contact, engagement
):
    agreement = sign_processor_agreement(engagement)
    url = reverse("privacy:agreement_document", args=[engagement.pk, agreement.pk])
    response = client_for(coordinator).get(url)
    assert response.status_code == 200 and response.content == AGREEMENT_PDF
    assert response["Content-Type"] == "application/pdf"
    assert client_for(other_consultant).get(url).status_code == 404
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(other_customer_contact).get(url).status_code == 403


def test_who_may_record(client_for, other_sales, customer_contact, engagement):
    assert _post(client_for(other_sales), engagement).status_code == 404
    assert _post(client_for(customer_contact), engagement).status_code == 403
    assert not ProcessorAgreement.objects.exists()
