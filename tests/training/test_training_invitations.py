"""Attendees get an invitation with an .ics in the customer's language; a change keeps the UID."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from engagements.planning.models import Slot
from tests.training.training_fixtures import (
    TUESDAY,
    book_half_days,
    people,
)
from training.models import Delivery
from training.services import training_session_cancel, training_session_update

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEDNESDAY = datetime(2027, 1, 13).date()


def events_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert name == "invitation.ics"
    calendar = Calendar.from_ical(content)
    return calendar, [c for c in calendar.walk("VEVENT")]


@pytest.fixture
def booked(
    planned_engagement, coordinator, consultant, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    planned_engagement.customer.language = "en"
    planned_engagement.customer.save()
    with django_capture_on_commit_callbacks(execute=True):
        session = book_half_days(
            planned_engagement, user=coordinator, trainer=consultant, attendees=people(planned_engagement, 2)
        )
    return session


def test_each_attendee_gets_an_ics_with_both_half_days_in_stockholm_time(booked, mailoutbox):
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@kund.se", "person2@kund.se"]
    message = mailoutbox[0]
    assert message.subject == "Invitation: Dropbox training"
    calendar, events = events_of(message)
    assert str(calendar["method"]) == "REQUEST"
    first, second = sorted(events, key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtstart") == datetime(2027, 1, 12, 8, 0, tzinfo=STOCKHOLM)
    assert first.decoded("dtend") == datetime(2027, 1, 12, 12, 0, tzinfo=STOCKHOLM)
    assert second.decoded("dtstart") == datetime(2027, 1, 14, 13, 0, tzinfo=STOCKHOLM)
    assert second.decoded("dtend") == datetime(2027, 1, 14, 17, 0, tzinfo=STOCKHOLM)
    assert first["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert str(first["summary"]) == "Dropbox training, part 1 of 2"
    assert str(first["location"]) == "Storgatan 12, Umeå"
    assert "Files no longer worked on can live only in the cloud" in str(first["description"])
    assert int(first["sequence"]) == 0


def test_an_update_keeps_the_uids_and_raises_the_sequence(
    booked, coordinator, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    _calendar, before = events_of(mailoutbox[0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        training_session_update(
            session=booked,
            user=coordinator,
            trainer=consultant,
            delivery=Delivery.REMOTE,
            meeting_link="https://meet.example/dropbox",
            days=[(TUESDAY, Slot.MORNING), (WEDNESDAY, Slot.MORNING)],
            attendees=list(booked.attendees.all()),
        )
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject == "Changed: Dropbox training"
    _calendar, after = events_of(mailoutbox[0])
    assert sorted(str(e["uid"]) for e in after) == sorted(str(e["uid"]) for e in before)
    assert {int(e["sequence"]) for e in after} == {1}
    moved = max(after, key=lambda e: e.decoded("dtstart"))
    assert moved.decoded("dtstart") == datetime(2027, 1, 13, 8, 0, tzinfo=STOCKHOLM)
    assert str(moved["location"]) == "https://meet.example/dropbox"


def test_a_cancellation_keeps_the_uids_and_says_cancel(
    booked, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    _calendar, before = events_of(mailoutbox[0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        training_session_cancel(session=booked, user=coordinator)
    calendar, after = events_of(mailoutbox[0])
    assert str(calendar["method"]) == "CANCEL"
    assert sorted(str(e["uid"]) for e in after) == sorted(str(e["uid"]) for e in before)
    assert {str(e["status"]) for e in after} == {"CANCELLED"}


def test_a_swedish_customer_gets_the_dates_in_swedish(
    planned_engagement, coordinator, consultant, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    """The message ids of this issue are folded into the Swedish catalogue later; the dates and the
    planning calendar's words are already there, so they show the mail is written in Swedish."""
    with django_capture_on_commit_callbacks(execute=True):
        book_half_days(
            planned_engagement, user=coordinator, trainer=consultant, attendees=people(planned_engagement, 1)
        )
    lines = mailoutbox[0].body.splitlines()
    assert lines[0] == "Hej Person 1,"
    assert "12 jan. 2027, förmiddag" in lines
    assert "14 jan. 2027, eftermiddag" in lines
