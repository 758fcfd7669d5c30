import pytest
from django.core.cache import cache


@pytest.fixture
def faults(dropbox_sandbox):
    """faults(rate_limit=0.2, ...) sets sandbox faults now; they are cleared after the test."""
    yield dropbox_sandbox.set_faults
    dropbox_sandbox.reset_faults()


@pytest.fixture(autouse=True)
def _fresh_team_overview_cache():
    # The panel caches team figures; each test starts without another test's answers.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fast_retries(settings):
    """Short backoff so retry tests take seconds; Retry-After is still honoured as sent."""
    settings.DROPBOX_RETRY_BASE_SECONDS = 0.01
    settings.DROPBOX_RETRY_MAX_BACKOFF_SECONDS = 0.05
    return settings


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here reads the English msgids."""
