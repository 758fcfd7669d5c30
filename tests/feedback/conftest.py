"""Feedback's fixtures: an engagement whose final invoice went out on a known day, with two
contacts, and the survey sent on its day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from feedback.selectors import survey_window
from feedback.services import survey_send
from tests.factories import ContactFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A Friday; 28 days later is Friday 2026-06-19, Midsummer Eve (a de facto holiday), then the weekend.
FINAL_INVOICE_AT = datetime(2026, 5, 22, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def contacts(engagement):
    return [
        ContactFactory(customer=engagement.customer, name="Anna Åkesson", email="anna@akessonbygg.example"),
        ContactFactory(customer=engagement.customer, name="Bo Ek", email="bo@akessonbygg.example"),
    ]


@pytest.fixture
def eager_tasks():
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def survey(engagement, contacts, eager_tasks, django_capture_on_commit_callbacks):
    day = survey_window(final_invoice_sent_at=FINAL_INVOICE_AT).day
    with django_capture_on_commit_callbacks(execute=True):
        return survey_send(engagement=engagement, final_invoice_at=FINAL_INVOICE_AT, today=day)


def day(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def invoiced(connected_engagement, sales, tmp_path):
    """An engagement with its quote accepted, migration verified and both invoices issued (today)."""
    from invoicing.services import invoice_issue_advance, invoice_issue_final
    from tests.migration.bulk_helpers import migrate_and_verify
    from tests.migration.tree import make_plain_tree
    from tests.quotes.factories import accepted_quote

    accepted_quote(connected_engagement, sales)
    root = tmp_path / "share"
    make_plain_tree(root, files=4, per_folder=2)
    migrate_and_verify(connected_engagement, root)
    ContactFactory(customer=connected_engagement.customer, email="anna@akessonbygg.example")
    invoice_issue_advance(engagement=connected_engagement, user=sales)
    invoice_issue_final(engagement=connected_engagement, user=sales)
    return connected_engagement
