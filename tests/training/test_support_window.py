"""The support window: two weeks from go-live, its requests, and its summary in the weekly report."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from engagements.models import AuditEntry
from engagements.planning.reports import weekly_report_draft
from engagements.planning.workdays import monday_of
from engagements.quotes.models import CustomerUser
from licensing.folders.models import AccessRelease
from licensing.folders.services import folder_access_release
from training.models import SupportChannel, SupportStatus, SupportTopic, Urgency
from training.selectors import support_window
from training.support import support_request_answer, support_request_submit, support_summary_write

pytestmark = pytest.mark.usefixtures("english")


def go_live(engagement, coordinator, *, days_ago: int):
    """A person's access released (go-live), dated `days_ago` days back (test set-up of the date)."""
    person = CustomerUser.objects.create(engagement=engagement, name="Anna", email="anna@kund.se")
    folder_access_release(customer_user=person, user=coordinator, reason="")
    when = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(9)))
    AccessRelease.objects.filter(customer_user=person).update(released_at=when)
    return timezone.localdate(when)


def request(engagement, user, topic, *, minutes=0, answer=""):
    made = support_request_submit(
        engagement=engagement,
        user=user,
        requester_name="Anna",
        topic=topic,
        description="Where is my folder?",
        urgency=Urgency.NORMAL,
        channel=SupportChannel.PHONE,
    )
    if answer:
        made = support_request_answer(
            request=made, user=user, answer=answer, status=SupportStatus.CLOSED, minutes_spent=minutes
        )
    return made


def test_no_window_before_go_live_and_fourteen_days_after_it(engagement, coordinator, consultant, settings):
    assert support_window(engagement=engagement) is None
    assert request(engagement, consultant, SupportTopic.FILES).within_window is False
    start = go_live(engagement, coordinator, days_ago=3)
    window = support_window(engagement=engagement)
    assert (window.start, window.end) == (start, start + timedelta(days=13))
    assert request(engagement, consultant, SupportTopic.FILES).within_window is True
    settings.SUPPORT_WINDOW_DAYS = 3
    assert request(engagement, consultant, SupportTopic.FILES).within_window is False


def test_the_summary_goes_into_the_history_and_the_weekly_report(
    engagement, coordinator, consultant, mailoutbox
):
    go_live(engagement, coordinator, days_ago=2)
    request(engagement, consultant, SupportTopic.FILES, minutes=20, answer="In the team folder.")
    request(engagement, consultant, SupportTopic.FILES, minutes=25, answer="Shared with you now.")
    request(engagement, consultant, SupportTopic.INSTALLATION)
    assert support_summary_write(engagement=engagement) is None  # the window is still running

    # Twelve days later the window has ended.
    AccessRelease.objects.update(released_at=timezone.now() - timedelta(days=15))
    start = timezone.localdate() - timedelta(days=15)
    end = start + timedelta(days=13)
    summary = support_summary_write(engagement=engagement)
    assert summary.figures["by_topic"] == {"files": 2, "installation": 1}
    assert (summary.figures["open"], summary.figures["minutes"]) == (1, 45)
    assert support_summary_write(engagement=engagement) == summary  # once only
    entry = AuditEntry.objects.get(engagement=engagement, action="training.support_window_summary")
    assert entry.details["note_params"]["total"] == 3

    engagement.customer.language = "en"
    engagement.customer.save()
    report, _created = weekly_report_draft(engagement=engagement, week_start=monday_of(end))
    (section,) = [s for s in report.sections if s["title"] == "Support"]
    assert section["text"].splitlines() == [
        f"Support window: {end_of(start)} to {end_of(end)}.",
        "The window has ended.",
        "3 support requests: Finding or saving files 2, Installing Dropbox 1.",
        "1 open item.",
        "Time spent: 0 h 45 min.",
    ]
    later, _created = weekly_report_draft(
        engagement=engagement, week_start=monday_of(end) + timedelta(days=7)
    )
    assert [s for s in later.sections if s["title"] == "Support"] == []


def end_of(day):
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")
