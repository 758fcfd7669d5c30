"""Password sign-in and sign-in-link requests are throttled per account and per address (django-axes)."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"


def _sign_in(client, username, password, address=ATTACKER):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sixty_wrong_passwords_then_the_right_one_does_not_get_in(client, sales, english):
    for _attempt in range(60):
        _sign_in(client, "sales", "guess")

    response = _sign_in(client, "sales", "demo")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not _is_signed_in(client)


def test_lockout_page_explains_and_names_no_account(client, customer_contact, settings, english):
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        response = _sign_in(client, "kund@example.se", "guess")

    page = response.content.decode()
    assert response.status_code == 429
    assert "Signing in has been paused after too many unsuccessful attempts. Try again in 15 minutes." in page
    assert "kund@example.se" not in page
    assert "Traceback" not in page


def test_the_account_is_locked_from_another_address_too(client, sales, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _attempt in range(5):
        _sign_in(client, "sales", "guess", address=ATTACKER)

    response = _sign_in(client, "sales", "demo", address=NEIGHBOUR)

    assert response.status_code == 429
    assert not _is_signed_in(client)


def test_the_address_is_locked_for_other_accounts_too(client, sales, consultant, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for attempt in range(5):
        _sign_in(client, f"someone{attempt}", "guess", address=ATTACKER)

    response = _sign_in(client, "consultant", "demo", address=ATTACKER)

    assert response.status_code == 429
    assert not _is_signed_in(client)


def test_another_account_from_another_address_is_unaffected(client, sales, consultant, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _attempt in range(20):
        _sign_in(client, "sales", "guess", address=ATTACKER)

    response = _sign_in(client, "consultant", "demo", address=NEIGHBOUR)

    assert response.status_code == 302
    assert _is_signed_in(client)


def test_an_email_address_in_any_case_counts_against_the_same_account(client, customer_contact, settings):
    settings.AXES_FAILURE_LIMIT = 4
    for spelling in ("kund@example.se", "KUND@example.se", " Kund@Example.se", "kund@EXAMPLE.SE"):
        _sign_in(client, spelling, "guess", address=ATTACKER)

    response = _sign_in(client, "kund@example.se", "demo", address=NEIGHBOUR)

    assert response.status_code == 429
    assert not _is_signed_in(client)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, sales, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _attempt in range(4):
        _sign_in(client, "sales", "guess")

    response = _sign_in(client, "sales", "demo")

    assert response.status_code == 302
    assert _is_signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, sales, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGNIN_LOCKOUT_MINUTES = 15
    for _attempt in range(3):
        _sign_in(client, "sales", "guess")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))

    response = _sign_in(client, "sales", "demo")

    assert response.status_code == 302
    assert _is_signed_in(client)


def test_sign_in_link_requests_are_throttled_per_address(client, customer_contact, settings, english):
    settings.AXES_FAILURE_LIMIT = 3
    for _request in range(2):
        sent = client.post(reverse("login_link"), {"email": "kund@example.se"}, REMOTE_ADDR=ATTACKER)
        assert sent["Location"] == reverse("login_link_sent")

    refused = client.post(reverse("login_link"), {"email": "kund@example.se"}, REMOTE_ADDR=ATTACKER)

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_link_requests_for_many_addresses_from_one_address_are_throttled(client, customer_contact, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(3):
        client.post(reverse("login_link"), {"email": f"okand{number}@example.se"}, REMOTE_ADDR=ATTACKER)

    refused = client.post(reverse("login_link"), {"email": "kund@example.se"}, REMOTE_ADDR=ATTACKER)

    assert refused.status_code == 429
    assert mail.outbox == []


def test_link_requests_for_one_address_from_many_addresses_are_throttled(client, customer_contact, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(3):
        client.post(reverse("login_link"), {"email": "kund@example.se"}, REMOTE_ADDR=f"192.0.2.{number + 1}")

    refused = client.post(reverse("login_link"), {"email": "kund@example.se"}, REMOTE_ADDR=NEIGHBOUR)

    assert refused.status_code == 429
    assert len(mail.outbox) == 2


def test_a_locked_address_cannot_use_a_valid_sign_in_link_either(client, customer_contact, settings):
    from sesame.utils import get_query_string

    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(3):
        _sign_in(client, f"someone{attempt}", "guess", address=ATTACKER)

    response = client.get(
        reverse("login_link_use") + get_query_string(customer_contact), REMOTE_ADDR=ATTACKER
    )

    assert response.status_code == 429
    assert not _is_signed_in(client)
