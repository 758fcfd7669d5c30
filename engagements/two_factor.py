"""The staff second factor (django-otp): who must give one, enrolment and backup codes.

Staff here means every account that is not purely a customer contact (see
engagements.auth.is_customer_contact_only), superusers included. A member of staff has
at most one authenticator app (a confirmed TOTPDevice) and one set of single-use backup
codes (a StaticDevice with its tokens). A session is verified once django_otp.login has
recorded the device that accepted a code.
"""

import re
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagements.auth import is_customer_contact_only
from engagements.services import audit_log

# Set at password sign-in for an enrolled account, so it is asked for its code even where
# the second factor is not required (the embedded demo); popped once the code is given.
SECOND_FACTOR_EXPECTED_SESSION_KEY = "signin_second_factor_expected"
# New backup codes travel from the action that made them to the one page that shows them.
FRESH_BACKUP_CODES_SESSION_KEY = "signin_fresh_backup_codes"
BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
_TOTP_CODE = re.compile(r"[0-9]{6}")


class TwoFactorError(Exception):
    """A code that was not accepted; the message is a sentence for the person who typed it."""


def is_staff_account(user) -> bool:
    """Accounts the second factor is for: signed in and not purely a customer contact."""
    return user.is_authenticated and not is_customer_contact_only(user)


def has_second_factor(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether this request's user must give a code before reaching any staff page.

    1. Nobody signed in, a customer contact, or a session verified already: no.
    2. STAFF_TWO_FACTOR_REQUIRED on: every member of staff, enrolled or not (the unenrolled
       are sent to enrol).
    3. Otherwise only a session whose password sign-in found an enrolled account.
    Cheap checks come first: with the setting off, an unflagged session costs no query.
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if settings.STAFF_TWO_FACTOR_REQUIRED:
        return not is_customer_contact_only(user)
    return bool(request.session.get(SECOND_FACTOR_EXPECTED_SESSION_KEY))


def expect_second_factor_if_enrolled(request: HttpRequest) -> None:
    """After a password sign-in: an enrolled member of staff owes their code next."""
    if is_staff_account(request.user) and has_second_factor(request.user):
        request.session[SECOND_FACTOR_EXPECTED_SESSION_KEY] = True


def mark_session_verified(request: HttpRequest, device) -> None:
    """A fresh session key for the raised privilege, then django-otp's record of the device."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(SECOND_FACTOR_EXPECTED_SESSION_KEY, None)


def base32_secret(device: TOTPDevice) -> str:
    """The device's key as authenticator apps take it when typed in by hand."""
    return b32encode(device.bin_key).decode("ascii")


def qr_code_svg(data: str) -> str:
    """An inline <svg> of the QR code, drawn on the server: no external script or image."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def second_factor_verify(*, request: HttpRequest, code: str) -> None:
    """Accept a code from the authenticator app (six digits) or a backup code, or raise.

    The code is checked against the one device it can belong to, inside django-otp's
    verify_token (row lock, throttling with growing delays, a TOTP code accepted once, a
    backup code deleted when used). On success the session is verified.
    """
    user = request.user
    code = "".join(code.split()).lower()
    if _TOTP_CODE.fullmatch(code):
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    for device in devices:
        allowed, _reason = device.verify_is_allowed()
        if not allowed:
            raise TwoFactorError(_("Too many wrong codes in a row. Wait a minute and try again."))
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            mark_session_verified(request, verified)
            audit_log(action="two_factor.verified", user=user, details={"device": verified.persistent_id})
            return
    raise TwoFactorError(_("That code was not accepted. Check the app's current code, or use a backup code."))


def totp_enrolment_start(*, user) -> TOTPDevice:
    """The authenticator being enrolled: the user's unconfirmed TOTP device, or a new one.

    Nothing is audited yet: an unconfirmed device grants nothing until
    totp_enrolment_confirm accepts a code from it.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
            device.full_clean()
            device.save()
        return device


def totp_enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the enrolling authenticator with a code from it; return new backup codes.

    1. The code is checked by django-otp (outside the transaction, so a wrong code's
       throttling count is kept) and raises TwoFactorError if refused.
    2. The device is confirmed and any earlier authenticator of the user removed.
    3. A fresh set of backup codes replaces any earlier set.
    4. An audit row; the session counts as verified by the new device.
    """
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise TwoFactorError(_("This enrolment has expired. Start again."))
    code = "".join(code.split())
    if not _TOTP_CODE.fullmatch(code) or django_otp.verify_token(user, device.persistent_id, code) is None:
        refused = _(
            "That code was not accepted. Check that the app shows Macforum Projects and try the current code."
        )
        raise TwoFactorError(refused)
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.full_clean()
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _replace_backup_codes(user=user)
        audit_log(action="two_factor.enrolled", user=user, details={"device": device.persistent_id})
    mark_session_verified(request, device)
    return codes


def backup_codes_regenerate(*, user) -> list[str]:
    """Replace the user's backup codes with a new set; the old ones stop working at once."""
    with transaction.atomic():
        codes = _replace_backup_codes(user=user)
        audit_log(action="two_factor.backup_codes_regenerated", user=user, details={"count": len(codes)})
    return codes


def _replace_backup_codes(*, user) -> list[str]:
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice(user=user, name=BACKUP_CODES_NAME, confirmed=True)
        device.full_clean()
        device.save()
    device.token_set.all().delete()
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = [StaticToken.random_token() for _position in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
