"""A training session as an iCalendar invitation (METHOD:REQUEST), one event per day.

Each day keeps its UID for the life of the session and every change raises SEQUENCE, so a
calendar that received the first invitation replaces the event when the update comes.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from engagements.planning.ical import SLOT_HOURS
from training.models import Delivery, TrainingSession


def day_uid(session: TrainingSession, position: int) -> str:
    return f"training-{session.ics_uid}-{position}@macforum-projects"


def session_title(session: TrainingSession, position: int) -> str:
    if session.days_needed == 2:
        return _("Dropbox training, part %(part)s of 2") % {"part": position}
    return _("Dropbox training")


def session_calendar(session: TrainingSession, *, attendee_email: str, description: str) -> bytes:
    """The invitation for one attendee, in the active language; cancelled sessions say so."""
    zone = ZoneInfo(settings.TIME_ZONE)
    cancelled = session.cancelled_at is not None
    calendar = Calendar()
    calendar.add("prodid", "-//Macforum Projects//training//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    trainer = session.trainer
    for day in session.days.all():
        start, end = SLOT_HOURS[day.sprint.slot]
        event = Event()
        event.add("uid", day_uid(session, day.position))
        event.add("sequence", session.ics_sequence)
        event.add("summary", session_title(session, day.position))
        event.add("dtstart", datetime.combine(day.sprint.date, start, tzinfo=zone))
        event.add("dtend", datetime.combine(day.sprint.date, end, tzinfo=zone))
        event.add("dtstamp", timezone.now())
        location = session.meeting_link if session.delivery == Delivery.REMOTE else session.place
        if location:
            event.add("location", location)
        if session.delivery == Delivery.REMOTE and session.meeting_link:
            event.add("url", session.meeting_link)
        event.add("description", description)
        if trainer.email:
            organizer = vCalAddress(f"mailto:{trainer.email}")
            organizer.params["cn"] = vText(trainer.get_full_name() or trainer.get_username())
            event.add("organizer", organizer)
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
