"""The survey's day: the first working day 4–6 weeks after the final invoice, in Europe/Stockholm;
sent on that day and never twice."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError

from feedback.models import Invitation, Survey
from feedback.selectors import survey_window
from feedback.services import survey_send
from tests.feedback.conftest import FINAL_INVOICE_AT, day

pytestmark = pytest.mark.usefixtures("english")


def test_the_day_skips_midsummer_eve_and_the_weekend():
    window = survey_window(final_invoice_sent_at=FINAL_INVOICE_AT)

    assert (window.first, window.day, window.last) == (
        day("2026-06-19"),
        day("2026-06-22"),
        day("2026-07-03"),
    )


def test_the_window_counts_from_the_invoice_day_in_stockholm_not_utc():
    # 23:30 UTC on 4 March is already 5 March in Stockholm; 5 March + 28 days is Thursday 2 April.
    late_evening = datetime(2026, 3, 4, 23, 30, tzinfo=ZoneInfo("UTC"))

    window = survey_window(final_invoice_sent_at=late_evening)

    assert (window.first, window.day) == (day("2026-04-02"), day("2026-04-02"))


def test_the_window_follows_the_settings(settings):
    settings.FEEDBACK_SURVEY_MIN_DAYS = 35
    settings.FEEDBACK_SURVEY_MAX_DAYS = 49

    window = survey_window(final_invoice_sent_at=FINAL_INVOICE_AT)

    assert (window.first, window.day, window.last) == (
        day("2026-06-26"),
        day("2026-06-26"),
        day("2026-07-10"),
    )


def test_nothing_goes_out_before_the_day(engagement, contacts, eager_tasks):
    sent = survey_send(engagement=engagement, final_invoice_at=FINAL_INVOICE_AT, today=day("2026-06-19"))

    assert sent is None
    assert not Survey.objects.exists()
    assert mail.outbox == []


def test_on_its_day_each_contact_gets_a_personal_link(survey, engagement):
    assert survey.scheduled_for == day("2026-06-22")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@akessonbygg.example",
        "bo@akessonbygg.example",
    ]
    bodies = [message.body for message in mail.outbox]
    links = [line for body in bodies for line in body.splitlines() if "/feedback/s/" in line]
    assert len(set(links)) == 2
    # In the customer's language (Swedish), whatever the sender reads.
    assert mail.outbox[0].subject == f"Hur gjorde vi? Din återkoppling på projekt {engagement.reference}"


def test_sending_again_sends_nothing(survey, engagement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        again = survey_send(engagement=engagement, final_invoice_at=FINAL_INVOICE_AT, today=day("2026-06-30"))

    assert again is None
    assert Survey.objects.count() == 1
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_the_database_refuses_a_second_survey(survey, engagement):
    with pytest.raises(IntegrityError):
        Survey.objects.create(
            engagement=engagement,
            final_invoice_sent_at=FINAL_INVOICE_AT,
            scheduled_for=day("2026-06-23"),
            sent_at=FINAL_INVOICE_AT + timedelta(days=32),
        )
