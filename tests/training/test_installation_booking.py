"""Installations are booked as sprints in the planning calendar: holidays and double bookings are refused."""

from datetime import date

import pytest

from engagements.planning.errors import SprintRefused
from engagements.planning.models import Slot, Sprint, SprintStatus
from engagements.planning.services import sprint_create
from tests.factories import make_engagement
from tests.training.installation_factories import person
from training.installation.models import Method
from training.installation.services import InstallationError, installation_add, installation_book

pytestmark = pytest.mark.usefixtures("english")

EPIPHANY = date(2027, 1, 6)  # Trettondedag jul, a Wednesday
WEDNESDAY = date(2027, 1, 13)


@pytest.fixture
def installations(engagement, coordinator):
    anna = person(engagement, coordinator, name="Anna Åkesson", email="anna@kund.se")
    bo = person(engagement, coordinator, name="Bo Ek", email="bo@kund.se", device="Dell", os="Windows 11")
    return [
        installation_add(customer_user=anna, user=coordinator, method=Method.ON_SITE),
        installation_add(customer_user=bo, user=coordinator, method=Method.REMOTE),
    ]


def test_booking_makes_one_sprint_for_the_installations(engagement, installations, coordinator, consultant):
    engagement.customer.language = "en"  # the sprint's texts are written in the customer's language
    engagement.customer.save()
    sprint = installation_book(
        installations=installations, user=coordinator, consultant=consultant, day=WEDNESDAY, slot=Slot.MORNING
    )
    assert sprint.date == WEDNESDAY
    assert sprint.goal == "Installation of the Dropbox app"
    for installation in installations:
        installation.refresh_from_db()
        assert installation.sprint == sprint
        assert installation.consultant == consultant
        assert installation.date == WEDNESDAY
    assert sprint.task_lines == ["Anna Åkesson – MacBook Air (On site)", "Bo Ek – Dell (Remote)"]


def test_a_holiday_is_refused(installations, coordinator, consultant):
    with pytest.raises(SprintRefused) as refused:
        installation_book(
            installations=installations,
            user=coordinator,
            consultant=consultant,
            day=EPIPHANY,
            slot=Slot.MORNING,
        )
    assert refused.value.problems == ["6 Jan 2027 is a public holiday (Trettondedag jul)."]
    assert not Sprint.objects.exists()
    installations[0].refresh_from_db()
    assert installations[0].sprint is None


def test_a_double_booked_consultant_is_refused(installations, coordinator, consultant):
    other = make_engagement(coordinator=coordinator, consultants=[consultant])
    sprint_create(
        engagement=other,
        user=coordinator,
        consultant=consultant,
        day=WEDNESDAY,
        slot=Slot.FULL_DAY,
        goal="Skanning",
    )
    with pytest.raises(SprintRefused) as refused:
        installation_book(
            installations=installations[:1],
            user=coordinator,
            consultant=consultant,
            day=WEDNESDAY,
            slot=Slot.AFTERNOON,
        )
    name = consultant.get_full_name()
    assert refused.value.problems == [
        f"{name} is already booked on 13 Jan 2027 (full day): “Skanning” in {other.reference}."
    ]
    assert Sprint.objects.count() == 1


def test_an_override_reason_books_a_holiday_anyway(installations, coordinator, consultant):
    sprint = installation_book(
        installations=installations,
        user=coordinator,
        consultant=consultant,
        day=EPIPHANY,
        slot=Slot.MORNING,
        override_reason="The customer's office is open that day.",
    )
    assert sprint.override_reason == "The customer's office is open that day."


def test_rebooking_moves_the_old_sprint(installations, coordinator, consultant):
    first = installation_book(
        installations=installations, user=coordinator, consultant=consultant, day=WEDNESDAY, slot=Slot.MORNING
    )
    installation_book(
        installations=installations,
        user=coordinator,
        consultant=consultant,
        day=date(2027, 1, 14),
        slot=Slot.MORNING,
    )
    first.refresh_from_db()
    assert first.status == SprintStatus.MOVED


def test_instructions_are_not_booked(engagement, coordinator, consultant):
    anna = person(engagement, coordinator, name="Anna", email="anna@kund.se", literacy="high")
    installation = installation_add(customer_user=anna, user=coordinator)
    with pytest.raises(InstallationError) as refused:
        installation_book(
            installations=[installation],
            user=coordinator,
            consultant=consultant,
            day=WEDNESDAY,
            slot=Slot.MORNING,
        )
    assert refused.value.message == "Anna installs with instructions; those are sent, not booked."
