import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_customer_contact_signs_in_with_email_and_password(client, customer_contact, engagement):
    response = client.post(reverse("login"), {"username": "KUND@example.se", "password": "demo"}, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("engagements:status", args=[engagement.reference])


def test_wrong_password_shows_the_form_again_with_a_message(client, customer_contact):
    response = client.post(
        reverse("login"), {"username": "kund@example.se", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "correct" in response.content.decode()


def test_one_time_login_link_signs_in_once(client, customer_contact, engagement):
    client.post(reverse("login_link"), {"email": "kund@example.se"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    first = client.get("/" + path, follow=True)
    assert first.request["PATH_INFO"] == reverse("engagements:status", args=[engagement.reference])

    client.logout()
    second = client.get("/" + path)
    assert second.status_code == 403


def test_login_link_for_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("login_link"), {"email": "okand@example.se"})

    assert response["Location"] == reverse("login_link_sent")
    assert mail.outbox == []


def test_swedish_is_the_default_and_english_can_be_chosen(client):
    swedish = client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    english = client.get(reverse("login")).content.decode()

    assert 'lang="sv"' in swedish
    assert "Logga in" in swedish
    assert 'lang="en"' in english
    assert "Sign in" in english


def test_contact_of_an_english_speaking_customer_reads_english_after_signing_in(
    client, customer_contact, engagement
):
    engagement.customer.language = "en"
    engagement.customer.save()

    page = client.post(reverse("login"), {"username": "kund@example.se", "password": "demo"}, follow=True)

    assert 'lang="en"' in page.content.decode()
