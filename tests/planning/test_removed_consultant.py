"""A consultant taken off an engagement's team no longer sees its sprints anywhere (issue 10 §5).

Written as the attack was: the consultant is assigned, sprints are booked for them, the
coordinator takes them off the team, and they open their calendar page and their private feed.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engagements.planning.models import Slot
from engagements.planning.services import calendar_feed_for, sprint_create
from engagements.services import engagement_assign_staff
from tests.factories import CustomerFactory, make_engagement

pytestmark = pytest.mark.usefixtures("english")


def _book(engagement, coordinator, consultant, *, days_ahead: int, goal: str, tasks: str = ""):
    return sprint_create(
        engagement=engagement,
        user=coordinator,
        consultant=consultant,
        day=timezone.localdate() + timedelta(days=days_ahead),
        slot=Slot.MORNING,
        goal=goal,
        tasks=tasks,
        override_reason="Testdatum",
    )


@pytest.fixture
def removed(engagement, coordinator, consultant, other_consultant):
    """`consultant` had two sprints on `engagement`, then was replaced on its team by `other_consultant`.

    They stay on a second engagement, whose sprint they must still see.
    """
    kept = make_engagement(customer=CustomerFactory(name="Kvar Kvar AB"), consultants=[consultant])
    _book(kept, coordinator, consultant, days_ahead=1, goal="Behållen sprint")
    _book(engagement, coordinator, consultant, days_ahead=2, goal="Hemlig inventering", tasks="Lista servrar")
    _book(engagement, coordinator, consultant, days_ahead=3, goal="Hemlig flytt")
    engagement_assign_staff(engagement=engagement, user=coordinator, consultants=[other_consultant])
    return engagement


def test_calendar_page_no_longer_shows_the_engagement(removed, consultant, client_for):
    page = client_for(consultant).get(reverse("planning:calendar")).content.decode()

    assert "Behållen sprint" in page
    assert "Hemlig inventering" not in page
    assert "Hemlig flytt" not in page
    assert removed.customer.name not in page


def test_feed_no_longer_lists_the_engagement(removed, consultant, client):
    token = calendar_feed_for(user=consultant).token

    response = client.get(reverse("planning:feed", args=[token]))

    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Kvar Kvar AB: Behållen sprint"]
    assert removed.customer.name.encode() not in response.content
    assert b"Lista servrar" not in response.content


def test_coordinator_looking_at_the_removed_consultant_sees_only_their_current_work(
    removed, consultant, coordinator, client_for
):
    page = client_for(coordinator).get(reverse("planning:calendar"), {"consultant": consultant.pk})

    assert "Behållen sprint" in page.content.decode()
    assert "Hemlig inventering" not in page.content.decode()


def test_put_back_on_the_team_they_see_the_sprints_again(removed, consultant, coordinator, client):
    engagement_assign_staff(engagement=removed, user=coordinator, consultants=[consultant])
    token = calendar_feed_for(user=consultant).token

    events = Calendar.from_ical(client.get(reverse("planning:feed", args=[token])).content).walk("VEVENT")

    assert sorted(str(event["summary"]) for event in events) == [
        "Kvar Kvar AB: Behållen sprint",
        f"{removed.customer.name}: Hemlig flytt",
        f"{removed.customer.name}: Hemlig inventering",
    ]
