"""The certificate of data sanitisation: one line per medium, read back from its PDF; signed off by
a consultant of the engagement; frozen from then on."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from decommission.certificate import certificate_download
from decommission.selectors import decommission_of
from decommission.services import certificate_sign, medium_add
from engagements.errors import DomainError
from tests.decommission.helpers import decommissioned, recycle, sanitise_all

pytestmark = pytest.mark.usefixtures("english", "no_grace")


def _lines(pdf: bytes) -> list[str]:
    return [line for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()]


@pytest.fixture
def english_customer(server):
    customer = server.engagement.customer
    customer.language = "en"
    customer.save(update_fields=["language"])
    return customer


def test_one_line_per_medium_with_what_was_done(server, consultant, english_customer):
    consultant.first_name, consultant.last_name = "Karin", "Nyström"
    consultant.save()
    sanitise_all(server, consultant, on=date(2026, 11, 30))
    recycle(server, consultant)

    record = certificate_sign(engagement=server.engagement, user=consultant)
    lines = _lines(record.certificate_pdf)

    expected = {
        "WD-AAA111": "FS01 Hard disk WD-AAA111 2000 GB Purge Sanitize command: overwrite "
        "Passed (Sampled read-back) 2026-11-30 Karin Nyström",
        "S3Z-BBB222": "FS01 SSD S3Z-BBB222 500 GB Purge Cryptographic erase "
        "Passed (Sampled read-back) 2026-11-30 Karin Nyström",
        "USB-CCC333": "FS01 USB flash drive USB-CCC333 64 GB Destroy Shred "
        "Passed (Sampled read-back) 2026-11-30 Karin Nyström",
    }
    for serial, line in expected.items():
        matching = [text for text in lines if serial in text]
        assert len(matching) == 1, lines
        assert " ".join(matching[0].split()) == line
    assert "Certificate of data sanitisation" in lines
    assert any(text.startswith("Signed off by Karin Nyström, ") for text in lines), lines


def test_the_pdf_is_frozen_at_sign_off(server, consultant, english_customer):
    record = decommissioned(server, consultant)
    signed = bytes(record.certificate_pdf)
    consultant.first_name = "Renamed"
    consultant.save()

    assert (
        certificate_download(engagement=server.engagement, record=decommission_of(server.engagement))
        == signed
    )


def test_equipment_records_are_frozen_after_sign_off(server, consultant):
    decommissioned(server, consultant)

    with pytest.raises(DomainError) as refused:
        medium_add(asset=server, user=consultant, kind="disk", serial="LATE-1", size_gb=100)
    assert str(refused.value) == (
        "The certificate of data sanitisation is signed: the equipment records are frozen."
    )


def test_only_a_consultant_of_the_engagement_signs(server, consultant, coordinator, other_consultant):
    sanitise_all(server, consultant)
    recycle(server, consultant)

    for outsider in (coordinator, other_consultant):
        with pytest.raises(DomainError) as refused:
            certificate_sign(engagement=server.engagement, user=outsider)
        assert (
            str(refused.value) == "The certificate is signed off by a consultant assigned to the engagement."
        )
    assert decommission_of(server.engagement).signed_at is None


def test_not_signed_while_media_are_not_sanitised(server, consultant):
    recycle(server, consultant)

    with pytest.raises(DomainError) as refused:
        certificate_sign(engagement=server.engagement, user=consultant)

    assert str(refused.value) == "3 of 3 storage media are not sanitised and verified."


def test_the_preview_before_sign_off_is_marked_as_a_draft(server, english_customer):
    lines = _lines(certificate_download(engagement=server.engagement, record=None))

    assert "DRAFT – not signed" in lines
