"""Invoicing's fixtures: an engagement with an accepted quote, and one whose migration is verified
(the real bulk migration and verification against the Dropbox sandbox)."""

import pytest

from tests.migration.bulk_helpers import migrate_and_verify
from tests.quotes.factories import accepted_quote


@pytest.fixture
def quoted(engagement, sales):
    """`engagement` with its quote accepted (53 613,33 kr excl. VAT, all at 25 %)."""
    accepted_quote(engagement, sales)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def verified(connected_engagement, sales, tmp_path):
    """`engagement` with an accepted quote and a verified bulk migration: the rest may be invoiced."""
    from tests.migration.tree import make_plain_tree

    accepted_quote(connected_engagement, sales)
    root = tmp_path / "share"
    make_plain_tree(root, files=4, per_folder=2)
    migrate_and_verify(connected_engagement, root)
    connected_engagement.refresh_from_db()
    return connected_engagement


@pytest.fixture
def eager_tasks():
    """Tasks run in this process when enqueued (the mails of invoices and the reconciliation)."""
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def english_customer(quoted):
    """`quoted`, whose customer reads English: documents come in English msgids."""
    quoted.customer.language = "en"
    quoted.customer.save(update_fields=["language"])
    return quoted
