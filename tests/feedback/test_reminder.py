"""One reminder to a contact who has not answered after FEEDBACK_REMINDER_DAYS; never a second."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback.services import survey_answer, survey_link_token, survey_reminders_send

pytestmark = pytest.mark.usefixtures("english")


def test_one_reminder_to_whoever_has_not_answered(survey, settings, engagement):
    settings.FEEDBACK_REMINDER_DAYS = 7
    anna = survey.invitations.get(email="anna@akessonbygg.example")
    survey_answer(
        token=survey_link_token(anna),
        seller_rating=4,
        seller_comment="",
        team_rating=4,
        team_comment="",
        recommendation=8,
    )
    mail.outbox.clear()

    assert survey_reminders_send(now=timezone.now() + timedelta(days=6)) == 0
    assert survey_reminders_send(now=timezone.now() + timedelta(days=8)) == 1
    assert survey_reminders_send(now=timezone.now() + timedelta(days=9)) == 0

    [reminder] = mail.outbox
    assert reminder.to == ["bo@akessonbygg.example"]
    # In the customer's language (Swedish), whatever the sender reads.
    expected = f"Påminnelse: Hur gjorde vi? Din återkoppling på projekt {engagement.reference}"
    assert reminder.subject == expected


def test_no_reminder_once_the_link_has_expired(survey, settings):
    settings.FEEDBACK_LINK_MAX_AGE_DAYS = 30
    mail.outbox.clear()

    assert survey_reminders_send(now=timezone.now() + timedelta(days=31)) == 0
    assert mail.outbox == []
