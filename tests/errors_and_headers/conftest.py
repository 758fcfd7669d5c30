import pytest


@pytest.fixture
def swedish(settings):
    """The site's default language, fixed for tests that read the Swedish pages."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "sv"
    with translation.override("sv"):
        yield


@pytest.fixture
def raising_urls(settings, client):
    """The site with views that raise; the client gets the 500 page instead of the exception."""
    settings.ROOT_URLCONF = "tests.errors_and_headers.urls_raising"
    client.raise_request_exception = False
    return client
