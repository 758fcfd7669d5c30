"""Pages of the staff second factor: overview, enrolment, the code at sign-in, backup codes."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from engagements import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


def _require_staff_account(request) -> None:
    """The second factor is for staff; a customer contact has no business on these pages."""
    if not two_factor.is_staff_account(request.user):
        raise PermissionDenied


def _next_url(request) -> str:
    """Where to go once through: the `next` the gate passed along, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours starts with "/": redirect() would read a bare word ('²') as a view name, and 500.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def overview(request):
    _require_staff_account(request)
    user = request.user
    context = {
        "authenticator": two_factor.authenticator_of(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "required": settings.STAFF_TWO_FACTOR_REQUIRED,
        "verified": user.is_verified(),
    }
    return render(request, "registration/two_factor_overview.html", context)


@never_cache
@login_required
def enrol(request):
    """Show the QR code of a new authenticator and confirm it with a code from the app.

    An account that has a second factor already must prove it in this session before it
    may enrol another: a password alone never replaces a second factor.
    """
    _require_staff_account(request)
    user = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        return redirect(_to("two_factor:verify", reverse("two_factor:enrol")))
    device = two_factor.totp_enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_enrolment_confirm(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            request.session[two_factor.FRESH_BACKUP_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-factor sign-in is on. Keep your backup codes somewhere safe."))
            return redirect(_to("two_factor:backup_codes", _next_url(request)))
    context = {
        "form": form,
        "qr_svg": mark_safe(two_factor.qr_code_svg(device.config_url)),  # noqa: S308 - drawn by qrcode, no user text
        "secret": _spaced(two_factor.base32_secret(device)),
        "next": _next_url(request),
        "replacing": two_factor.authenticator_of(user) is not None,
    }
    return render(request, "registration/two_factor_enrol.html", context)


@never_cache
@login_required
def verify(request):
    """The code after the password: from the authenticator app or one backup code."""
    _require_staff_account(request)
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_second_factor(user):
        # Enrolment was reset (by an admin) since the sign-in: enrol if required, else go on.
        request.session.pop(two_factor.SECOND_FACTOR_EXPECTED_SESSION_KEY, None)
        if settings.STAFF_TWO_FACTOR_REQUIRED:
            return redirect(_to("two_factor:enrol", _next_url(request)))
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.second_factor_verify(request=request, code=form.cleaned_data["code"])
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            return redirect(_next_url(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def backup_codes(request):
    """New backup codes once, right after they were made; afterwards only how many are left."""
    _require_staff_account(request)
    user = request.user
    if not user.is_verified():
        return redirect(_to("two_factor:verify", reverse("two_factor:backup_codes")))
    context = {
        "fresh_codes": request.session.pop(two_factor.FRESH_BACKUP_CODES_SESSION_KEY, None),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_backup_codes.html", context)


@require_POST
@login_required
def backup_codes_regenerate(request):
    _require_staff_account(request)
    if not request.user.is_verified():
        return redirect(_to("two_factor:verify", reverse("two_factor:backup_codes")))
    request.session[two_factor.FRESH_BACKUP_CODES_SESSION_KEY] = two_factor.backup_codes_regenerate(
        user=request.user
    )
    return redirect("two_factor:backup_codes")


def _to(name: str, next_url: str) -> str:
    """The URL of a second-factor page that returns to next_url when done."""
    return reverse(name) + "?" + urlencode({"next": next_url})


def _spaced(secret: str) -> str:
    """The secret in groups of four, as authenticator apps show and accept it."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
