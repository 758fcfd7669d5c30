"""Branded error pages, in the user's language, each with a way back.

400, 403, 404 and the CSRF failure extend the site's base template. The 500 page renders as
Django's own server_error does, with an empty context: no request, no context processors and no
database, so it cannot fail when the database is what failed.
"""

from django.core.exceptions import DisallowedHost
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token


def _back_url(request) -> str:
    """The page the user came from, when it is one of ours; else "" and the page offers home only."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 answering a host we do not serve: no way back there
        return ""
    if url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure()):
        return referer
    return ""


def _error_page(request, template_name: str, status: int):
    return render(request, template_name, {"back_url": _back_url(request)}, status=status)


@requires_csrf_token
def bad_request(request, exception):
    return _error_page(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request, exception):
    return _error_page(request, "errors/403.html", 403)


@requires_csrf_token
def page_not_found(request, exception):
    return _error_page(request, "errors/404.html", 404)


def server_error(request):
    return defaults.server_error(request, template_name="errors/500.html")


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form sent from a page that has expired (or from another site)."""
    return _error_page(request, "errors/403_csrf.html", 403)
