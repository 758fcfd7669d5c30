"""Staff two-factor sign-in (django-otp): with it required, no staff page and no admin page
without a verified code; customers are not asked; enrolment, backup codes, the optional mode."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

BACKUP_CODE = "k7q2m4xa"


@pytest.fixture
def required(settings):
    settings.DEBUG = False
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def staff_pages(engagement):
    return [
        reverse("engagements:list"),
        reverse("engagements:detail", args=[engagement.pk]),
        reverse("planning:calendar"),
        reverse("quotes:pipeline"),
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
    ]


def _enrol(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token=BACKUP_CODE)
    return device


def _current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, username):
    response = client.post(reverse("login"), {"username": username, "password": "demo"})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("who", ["sales", "coordinator", "consultant", "admin_user"])
def test_staff_without_a_second_factor_reach_no_staff_page_and_are_sent_to_enrol(
    client, request, required, staff_pages, who
):
    user = request.getfixturevalue(who)
    _sign_in(client, user.username)

    for page in staff_pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("two_factor:enrol") + "?next="), page


def test_a_post_to_a_staff_page_is_refused_too(client, required, engagement, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("engagements:change_phase", args=[engagement.pk]), {"to_phase": "planning"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:enrol"))
    engagement.refresh_from_db()
    assert engagement.phase != "planning"


def test_htmx_requests_are_sent_to_the_second_factor_by_header(client, required, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("engagements:list"), HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith(reverse("two_factor:enrol"))


def test_enrolled_staff_reach_every_staff_page_after_a_valid_code(client, required, staff_pages, admin_user):
    device = _enrol(admin_user)
    _sign_in(client, "admin")
    gate = client.get(staff_pages[1])
    assert gate["Location"] == reverse("two_factor:verify") + "?next=" + staff_pages[1].replace("/", "%2F")

    verified = client.post(gate["Location"], {"code": _current_code(device), "next": staff_pages[1]})

    assert verified["Location"] == staff_pages[1]
    for page in staff_pages:
        assert client.get(page).status_code == 200, page


def test_a_wrong_code_keeps_the_gate_shut(client, required, coordinator, english):
    device = _enrol(coordinator)
    _sign_in(client, "coordinator")
    wrong = f"{(int(_current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two_factor:verify"), {"code": wrong})

    assert response.status_code == 200
    assert "That code was not accepted." in response.content.decode()
    assert client.get(reverse("engagements:list")).status_code == 302


def test_a_backup_code_works_once(client, required, consultant):
    _enrol(consultant)
    _sign_in(client, "consultant")

    first = client.post(reverse("two_factor:verify"), {"code": BACKUP_CODE.upper()})
    assert first.status_code == 302
    assert client.get(reverse("planning:calendar")).status_code == 200

    client.post(reverse("logout"))
    StaticDevice.objects.filter(user=consultant).update(throttling_failure_count=0)
    _sign_in(client, "consultant")
    second = client.post(reverse("two_factor:verify"), {"code": BACKUP_CODE})
    assert second.status_code == 200
    assert client.get(reverse("planning:calendar")).status_code == 302


def test_customers_are_not_asked_for_a_second_factor(client, required, customer_contact, engagement):
    _sign_in(client, "kund@example.se")

    response = client.get(reverse("engagements:status", args=[engagement.reference]))

    assert response.status_code == 200


def test_customers_have_no_enrolment_page(client, required, customer_contact):
    client.force_login(customer_contact)

    assert client.get(reverse("two_factor:enrol")).status_code == 403


def test_enrolment_shows_a_server_drawn_qr_code_and_then_backup_codes_once(
    client, required, sales, engagement
):
    _sign_in(client, "sales")
    target = reverse("engagements:detail", args=[engagement.pk])
    enrol_url = client.get(target)["Location"]

    page = client.get(enrol_url).content.decode()
    assert re.search(r'<div class="qr-code"[^>]*><svg ', page)
    assert "<script" not in page.split("<main>", 1)[1]
    device = TOTPDevice.objects.get(user=sales, confirmed=False)
    confirmed = client.post(enrol_url, {"code": _current_code(device), "next": target})

    assert confirmed.status_code == 302
    codes_page = client.get(confirmed["Location"]).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(shown) == 10
    assert set(shown) == set(StaticToken.objects.filter(device__user=sales).values_list("token", flat=True))
    assert f'href="{target}"' in codes_page
    assert client.get(target).status_code == 200
    again = client.get(reverse("two_factor:backup_codes")).content.decode()
    assert not any(code in again for code in shown)


def test_new_backup_codes_replace_the_old_ones(client, required, sales):
    device = _enrol(sales)
    _sign_in(client, "sales")
    client.post(reverse("two_factor:verify"), {"code": _current_code(device)})

    client.post(reverse("two_factor:backup_codes_regenerate"))

    tokens = set(StaticToken.objects.filter(device__user=sales).values_list("token", flat=True))
    assert len(tokens) == 10
    assert BACKUP_CODE not in tokens


def test_a_password_alone_cannot_enrol_a_new_authenticator_over_an_existing_one(client, required, sales):
    _enrol(sales)
    _sign_in(client, "sales")

    response = client.get(reverse("two_factor:enrol"))

    assert response["Location"].startswith(reverse("two_factor:verify"))
    assert not TOTPDevice.objects.filter(user=sales, confirmed=False).exists()


def test_an_unverified_session_cannot_make_new_backup_codes(client, required, sales):
    _enrol(sales)
    _sign_in(client, "sales")

    response = client.post(reverse("two_factor:backup_codes_regenerate"))

    assert response.status_code == 302
    assert set(StaticToken.objects.filter(device__user=sales).values_list("token", flat=True)) == {
        BACKUP_CODE
    }


def test_an_admin_resets_a_users_authenticator_and_the_user_enrols_again(client, required, sales, admin_user):
    lost = _enrol(sales)
    StaticDevice.objects.filter(user=sales).delete()
    admin_device = _enrol(admin_user)
    _sign_in(client, "admin")
    client.post(reverse("two_factor:verify"), {"code": _current_code(admin_device)})

    deleted = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert not TOTPDevice.objects.filter(user=sales).exists()

    client.post(reverse("logout"))
    _sign_in(client, "sales")
    assert client.get(reverse("engagements:list"))["Location"].startswith(reverse("two_factor:enrol"))


def test_the_code_page_goes_on_only_to_our_own_pages(client, required, sales):
    device = _enrol(sales)
    _sign_in(client, "sales")

    response = client.post(
        reverse("two_factor:verify") + "?next=https://evil.example/", {"code": _current_code(device)}
    )

    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("code", ["x" * 5000, "١٢٣٤٥٦", "12345\x00", "' OR 1=1 --"])
def test_hostile_codes_get_a_message_not_an_error(client, required, sales, code):
    _enrol(sales)
    _sign_in(client, "sales")

    response = client.post(reverse("two_factor:verify"), {"code": code})

    assert response.status_code == 200
    assert client.get(reverse("engagements:list")).status_code == 302


# --- STAFF_TWO_FACTOR_REQUIRED off: the embedded demo ----------------------------------------


@pytest.fixture
def optional(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def test_optional_staff_without_a_second_factor_sign_in_with_a_password(client, optional, sales):
    _sign_in(client, "sales")

    assert client.get(reverse("engagements:list")).status_code == 200


def test_optional_staff_find_the_enrolment_in_the_navigation(client, optional, sales, english):
    _sign_in(client, "sales")

    page = client.get(reverse("engagements:list")).content.decode()

    assert f'<a href="{reverse("two_factor:overview")}">Two-factor sign-in</a>' in page


def test_optional_an_enrolled_account_is_asked_for_its_code_at_sign_in(client, optional, coordinator):
    device = _enrol(coordinator)
    _sign_in(client, "coordinator")

    gate = client.get(reverse("engagements:list"))
    assert gate["Location"].startswith(reverse("two_factor:verify"))

    client.post(reverse("two_factor:verify"), {"code": _current_code(device)})
    assert client.get(reverse("engagements:list")).status_code == 200
