"""The instructions e-mail: the PDF for the person's system and a personal "installed" link that
works once and expires."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from engagements.models import StaffProfile
from tests.training.installation_factories import person
from training.installation.models import InstallationStatus
from training.installation.services import (
    InstallationLinkError,
    installation_add,
    installation_confirm_by_link,
    installation_instructions_send,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def sent(engagement, coordinator):
    engagement.customer.language = "en"
    engagement.customer.save()
    StaffProfile.objects.create(user=coordinator, phone="070-123 45 67")
    anna = person(engagement, coordinator, name="Anna Åkesson", email="anna@kund.se", literacy="high")
    installation = installation_add(customer_user=anna, user=coordinator)
    installation_instructions_send(installation=installation, user=coordinator)
    return installation


def _link(message) -> str:
    return re.search(r"http\S+/installed/\S+", message.body).group(0)


def _path(link: str) -> str:
    return link.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")


def test_the_mail_carries_the_pdf_and_a_personal_link(sent, coordinator):
    [message] = mail.outbox
    assert message.to == ["anna@kund.se"]
    assert message.subject == "Install Dropbox on your computer – Åkesson Bygg AB"
    assert "Sign in with anna@kund.se, the address Dropbox sent your invitation to." in " ".join(
        message.body.split()
    )
    assert "&amp;" not in message.body and "&#x27;" not in message.body  # plain text, not HTML-escaped
    [(filename, pdf, mimetype)] = message.attachments
    assert (filename, mimetype) == ("Dropbox-installation-macOS.pdf", "application/pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Installing Dropbox on macOS" in text
    assert "Finder's sidebar under Locations" in text
    assert "Make online-only" in text
    assert f"{coordinator.get_full_name()}, 070-123 45 67" in text


def test_the_link_works_once(sent, client):
    link = _path(_link(mail.outbox[0]))
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm that Dropbox is installed" in page.content.decode()
    sent.refresh_from_db()
    assert sent.status == InstallationStatus.PLANNED  # looking at the page changes nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 200
    assert "Thank you, Anna Åkesson. Your installation is recorded as done." in confirmed.content.decode()
    sent.refresh_from_db()
    assert sent.status == InstallationStatus.INSTALLED
    again = client.post(link)
    assert again.status_code == 410
    assert "This link has already been used." in again.content.decode()


def test_the_link_expires(sent, client, settings):
    token = _path(_link(mail.outbox[0])).rstrip("/").rsplit("/", 1)[1]
    settings.INSTALLATION_LINK_MAX_AGE_DAYS = 1
    from django.core import signing

    with pytest.MonkeyPatch.context() as patch:
        # Two days later, as the signer sees the clock.
        import time

        now = time.time()
        patch.setattr(signing.time, "time", lambda: now + 2 * 24 * 3600)
        with pytest.raises(InstallationLinkError) as expired:
            installation_confirm_by_link(token=token)
        assert expired.value.kind == "expired"
        page = client.post(reverse("training_installation:installed", args=[token]))
    assert page.status_code == 410
    assert "This link has expired." in page.content.decode()
    sent.refresh_from_db()
    assert sent.status == InstallationStatus.PLANNED


def test_a_new_mail_replaces_the_old_link(sent, coordinator, client):
    old = _path(_link(mail.outbox[0]))
    installation_instructions_send(installation=sent, user=coordinator)
    assert client.post(old).status_code == 410
    assert client.post(_path(_link(mail.outbox[1]))).status_code == 200


def test_a_forged_link_gets_a_clear_page(db, client):
    page = client.get(reverse("training_installation:installed", args=["12.abc:1tXyz:forged"]))
    assert page.status_code == 404
    assert "This link is not valid." in page.content.decode()


def test_windows_users_get_the_windows_instructions(engagement, coordinator):
    engagement.customer.language = "en"  # the instructions are in the customer's language
    engagement.customer.save()
    bo = person(engagement, coordinator, name="Bo", email="bo@kund.se", literacy="high", os="Windows 11")
    installation = installation_add(customer_user=bo, user=coordinator)
    installation_instructions_send(installation=installation, user=coordinator)
    [(filename, pdf, _mime)] = mail.outbox[0].attachments
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert filename.endswith("Windows.pdf")
    assert "Run DropboxInstaller.exe from Downloads" in text
    assert "File Explorer's navigation pane" in text
    assert "Finder" not in text
