"""Sprints as iCalendar events: a consultant's private feed and a customer's download."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from engagements.planning.models import Slot

# Working hours of a half and a whole day, local time.
SLOT_HOURS = {
    Slot.MORNING: (time(8, 0), time(12, 0)),
    Slot.AFTERNOON: (time(13, 0), time(17, 0)),
    Slot.FULL_DAY: (time(8, 0), time(17, 0)),
}


def _event(sprint, *, summary: str, description: str) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    start, end = SLOT_HOURS[sprint.slot]
    event = Event()
    event.add("uid", f"sprint-{sprint.pk}@macforum-projects")
    event.add("summary", summary)
    event.add("dtstart", datetime.combine(sprint.date, start, tzinfo=zone))
    event.add("dtend", datetime.combine(sprint.date, end, tzinfo=zone))
    event.add("dtstamp", sprint.updated_at or timezone.now())
    if description:
        event.add("description", description)
    event.add("status", "CONFIRMED")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Macforum Projects//planning//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def consultant_calendar(sprints, *, name: str) -> bytes:
    """Every sprint of the consultant, titled with the customer, so a phone calendar says where to go."""
    calendar = _calendar(name)
    for sprint in sprints:
        summary = f"{sprint.engagement.customer.name}: {sprint.goal_text}"
        description = "\n".join([sprint.engagement.reference, *sprint.task_lines])
        calendar.add_component(_event(sprint, summary=summary, description=description))
    return calendar.to_ical()


def customer_calendar(sprints, *, name: str) -> bytes:
    """The dates that concern the customer: who comes, when, to do what. No internal notes."""
    calendar = _calendar(name)
    for sprint in sprints:
        who = sprint.consultant.get_full_name() or sprint.consultant.get_username()
        summary = f"Macforum: {sprint.goal_text} ({who})"
        calendar.add_component(_event(sprint, summary=summary, description="\n".join(sprint.task_lines)))
    return calendar.to_ical()
