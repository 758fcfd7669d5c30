"""Shared fixtures: one user per role (healthchecks' alice/bob/charlie, Macforum-style)."""

import pytest

from engagements import roles
from tests.browser import chromium, page  # noqa: F401 - real-browser fixtures
from tests.dropbox_connection_fixtures import *  # noqa: F403 - a connected engagement
from tests.dropbox_fixtures import *  # noqa: F403 - the sandbox fixtures, shared by every app's tests
from tests.factories import ContactFactory, CustomerFactory, UserFactory, make_engagement


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every test user gets a password; PBKDF2's deliberate slowness would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def migration_source_roots(settings, tmp_path_factory):
    """Shares made under pytest's temporary folder may be migrated, as the demo's (the default
    root) may; nothing else on the machine (issue 10 §1, migration.source_roots)."""
    settings.MIGRATION_SOURCE_ROOTS = [*settings.MIGRATION_SOURCE_ROOTS, str(tmp_path_factory.getbasetemp())]


@pytest.fixture
def english(settings):
    """For tests whose assertions read the English msgids: the Swedish catalogue must not change them."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def sales(db):
    return UserFactory(username="sales", role=roles.SALES)


@pytest.fixture
def other_sales(db):
    return UserFactory(username="sales2", role=roles.SALES)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", role=roles.COORDINATOR)


@pytest.fixture
def consultant(db):
    return UserFactory(username="consultant", role=roles.CONSULTANT)


@pytest.fixture
def other_consultant(db):
    return UserFactory(username="consultant2", role=roles.CONSULTANT)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def engagement(db, sales, coordinator, consultant):
    """An engagement sold by `sales`, coordinated by `coordinator`, staffed by `consultant`."""
    customer = CustomerFactory(name="Åkesson Bygg AB")
    return make_engagement(customer=customer, seller=sales, coordinator=coordinator, consultants=[consultant])


@pytest.fixture
def customer_contact(engagement):
    """A contact of `engagement`'s customer who can sign in."""
    return ContactFactory(customer=engagement.customer, email="kund@example.se", is_primary=True).user


@pytest.fixture
def other_customer_contact(db):
    """A contact of another customer, with an engagement of their own."""
    other = make_engagement()
    return ContactFactory(customer=other.customer, email="annan@example.se").user


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
