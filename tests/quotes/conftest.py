import pytest
from django.utils import translation

from tests.quotes.factories import draft_with_lines, sent_quote


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The factories hash "demo" for every user; PBKDF2's million rounds cost ~0.5 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english():
    """Service-level tests read the English sentence; pages are tested in Swedish, the default."""
    with translation.override("en"):
        yield


@pytest.fixture
def draft(engagement, sales):
    return draft_with_lines(engagement, sales)


@pytest.fixture
def sent(engagement, sales):
    return sent_quote(engagement, sales)
