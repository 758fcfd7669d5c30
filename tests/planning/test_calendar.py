from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engagements.planning.models import CalendarFeed, Slot, SprintStatus
from engagements.planning.services import calendar_feed_for, sprint_create, sprint_set_status
from tests.factories import make_engagement
from tests.planning.helpers import fill


def book(engagement, coordinator, consultant, *, days_ahead, slot, goal):
    return sprint_create(
        engagement=engagement,
        user=coordinator,
        consultant=consultant,
        day=timezone.localdate() + timedelta(days=days_ahead),
        slot=slot,
        goal=goal,
        internal_note="Intern notering",
        override_reason="Testdatum",
    )


def test_calendar_page_access(consultant, customer_contact, client, client_for):
    url = reverse("planning:calendar")
    assert client.get(url).status_code == 302  # to the login page
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(consultant).get(url).status_code == 200


def test_calendar_shows_sprints_across_engagements(engagement, coordinator, consultant, client_for):
    other = make_engagement(consultants=[consultant])
    book(engagement, coordinator, consultant, days_ahead=0, slot=Slot.MORNING, goal="Inventering")
    book(other, coordinator, consultant, days_ahead=0, slot=Slot.AFTERNOON, goal="Utbildning")
    page = client_for(consultant).get(reverse("planning:calendar")).content.decode()
    assert "Inventering" in page and "Utbildning" in page
    assert other.customer.name in page


def test_coordinator_looks_at_a_consultants_calendar(engagement, coordinator, consultant, client_for):
    book(engagement, coordinator, consultant, days_ahead=1, slot=Slot.FULL_DAY, goal="Cut-over")
    page = client_for(coordinator).get(reverse("planning:calendar"), {"consultant": consultant.pk})
    assert "Cut-over" in page.content.decode()


def test_calendar_queries_do_not_grow(engagement, consultant, client_for, django_assert_max_num_queries):
    client = client_for(consultant)
    fill(engagement, consultant, sprints=2, reports=0, updates=0)
    client.get(reverse("planning:calendar"))  # creates the feed row once
    fill(engagement, consultant, sprints=50, reports=0, updates=0, offset=2)
    for _ in range(3):
        make_engagement(consultants=[consultant])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("planning:calendar")).status_code == 200


def test_feed_lists_own_sprints_with_times_and_no_internal_notes(
    engagement, coordinator, consultant, other_consultant, client
):
    engagement.consultants.add(other_consultant)
    book(engagement, coordinator, consultant, days_ahead=2, slot=Slot.AFTERNOON, goal="Deltaflytt")
    moved = book(engagement, coordinator, consultant, days_ahead=3, slot=Slot.MORNING, goal="Flyttad")
    sprint_set_status(sprint=moved, user=coordinator, status=SprintStatus.MOVED)
    book(engagement, coordinator, other_consultant, days_ahead=2, slot=Slot.MORNING, goal="Någon annans")

    token = calendar_feed_for(user=consultant).token
    response = client.get(reverse("planning:feed", args=[token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [f"{engagement.customer.name}: Deltaflytt"]
    start = events[0].decoded("dtstart")
    assert (start.hour, str(start.tzinfo)) == (13, "Europe/Stockholm")
    assert b"Intern notering" not in response.content


def test_feed_token_is_the_key_and_can_be_replaced(consultant, client, client_for):
    old = calendar_feed_for(user=consultant).token
    assert client.get(reverse("planning:feed", args=["not-the-token"])).status_code == 404
    assert client.get(reverse("planning:feed", args=[old])).status_code == 200

    assert client_for(consultant).post(reverse("planning:calendar_feed_regenerate")).status_code == 302
    new = CalendarFeed.objects.get(user=consultant).token
    assert new != old
    client.logout()
    assert client.get(reverse("planning:feed", args=[old])).status_code == 404
    assert client.get(reverse("planning:feed", args=[new])).status_code == 200
