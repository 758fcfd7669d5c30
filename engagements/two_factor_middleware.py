"""The gate in front of every staff page and the admin: no second factor, no entry."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from engagements import two_factor


class StaffTwoFactorMiddleware:
    """Send a member of staff who owes a second factor to enrol or to give their code.

    Placed after django_otp's OTPMiddleware (which tells whether the session is verified).
    Only the pages needed to get through the gate are open meanwhile: the second-factor
    pages themselves, signing in and out (every /login/ page), the language switch and static files. The admin
    is behind the same gate, so it needs no separate OTP admin site.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def __call__(self, request):
        if two_factor.second_factor_pending(request) and not request.path_info.startswith(self.open_paths()):
            return self._to_second_factor(request)
        return self.get_response(request)

    def open_paths(self) -> tuple[str, ...]:
        if self._open_paths is None:
            self._open_paths = (
                reverse("two_factor:overview"),
                reverse("login"),
                reverse("logout"),
                reverse("set_language"),
                "/" + settings.STATIC_URL.lstrip("/"),
            )
        return self._open_paths

    def _to_second_factor(self, request):
        user = request.user
        step = "two_factor:verify" if two_factor.has_second_factor(user) else "two_factor:enrol"
        target = reverse(step) + "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":  # runs before django-htmx's middleware
            return HttpResponseClientRedirect(target)
        return redirect(target)
