"""Test-only URLconf: the site's URLs and handlers, plus views that fail on purpose."""

from django.core.exceptions import BadRequest
from django.urls import path

from macforum_projects.urls import *  # noqa: F403 - the site's urlpatterns and handler400..500
from macforum_projects.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def bad_input(request):
    raise BadRequest("unreadable input")


urlpatterns = [path("test-broken/", broken), path("test-bad-input/", bad_input), *site_urlpatterns]
