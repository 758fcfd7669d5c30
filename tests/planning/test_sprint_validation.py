from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engagements.models import AuditEntry
from engagements.planning.errors import PlanningError, SprintRefused
from engagements.planning.models import Slot, Sprint, SprintStatus
from engagements.planning.services import sprint_create, sprint_set_status, sprint_update
from tests.factories import make_engagement

MONDAY = date(2027, 1, 11)


def book(engagement, user, consultant, day=MONDAY, slot=Slot.MORNING, **extra):
    return sprint_create(
        engagement=engagement,
        user=user,
        consultant=consultant,
        day=day,
        slot=slot,
        goal="Inventering",
        **extra,
    )


def test_half_and_full_days_are_the_only_shapes(planned, coordinator, consultant):
    with pytest.raises(ValidationError):
        book(planned, coordinator, consultant, slot="two_hours")
    # Even past the service, the database refuses anything but a half or a whole day.
    with pytest.raises(IntegrityError), transaction.atomic():
        Sprint.objects.create(
            engagement=planned, consultant=consultant, date=MONDAY, slot="evening", goal="x"
        )
    assert not Sprint.objects.exists()


def test_full_day_overlaps_both_halves(planned, coordinator, consultant):
    book(planned, coordinator, consultant, slot=Slot.FULL_DAY)
    for half in (Slot.MORNING, Slot.AFTERNOON):
        with pytest.raises(SprintRefused, match="already booked"):
            book(planned, coordinator, consultant, slot=half)
    assert Sprint.objects.count() == 1


def test_two_halves_of_one_day_fit_and_block_a_full_day(planned, coordinator, consultant):
    book(planned, coordinator, consultant, slot=Slot.MORNING)
    book(planned, coordinator, consultant, slot=Slot.AFTERNOON)
    with pytest.raises(SprintRefused, match="already booked"):
        book(planned, coordinator, consultant, slot=Slot.FULL_DAY)


def test_double_booking_counts_other_engagements_but_not_moved_sprints(planned, coordinator, consultant):
    other = make_engagement(consultants=[consultant], planned_start=MONDAY, planned_end=MONDAY)
    sprint = book(other, coordinator, consultant, slot=Slot.FULL_DAY)
    with pytest.raises(SprintRefused, match=other.reference):
        book(planned, coordinator, consultant)
    sprint_set_status(sprint=sprint, user=coordinator, status=SprintStatus.MOVED)
    assert book(planned, coordinator, consultant).pk


def test_weekend_is_refused(planned, coordinator, consultant):
    with pytest.raises(SprintRefused, match="weekend"):
        book(planned, coordinator, consultant, day=date(2027, 1, 16))


def test_swedish_public_holiday_is_refused_with_its_name(engagement, coordinator, consultant):
    # Good Friday 2027 is 26 March; Midsummer Eve (de facto holiday) is 25 June.
    with pytest.raises(SprintRefused, match="Långfredagen"):
        book(engagement, coordinator, consultant, day=date(2027, 3, 26))
    with pytest.raises(SprintRefused, match="Midsommarafton"):
        book(engagement, coordinator, consultant, day=date(2027, 6, 25))


def test_an_ordinary_sunday_is_a_weekend_not_a_holiday(engagement, coordinator, consultant):
    with pytest.raises(SprintRefused) as refusal:
        book(engagement, coordinator, consultant, day=date(2027, 1, 17))
    assert refusal.value.problems == ["17 Jan 2027 is a weekend day."]  # day month year, never US style


def test_outside_the_planned_dates_is_refused(planned, coordinator, consultant):
    with pytest.raises(SprintRefused, match="outside the engagement's planned dates"):
        book(planned, coordinator, consultant, day=date(2027, 2, 1))


def test_override_with_a_reason_books_and_audits(planned, coordinator, consultant):
    saturday = date(2027, 1, 16)
    with pytest.raises(SprintRefused):
        book(planned, coordinator, consultant, day=saturday, override_reason="   ")

    sprint = book(planned, coordinator, consultant, day=saturday, override_reason="Kunden vill ha helgflytt")

    assert sprint.override_reason == "Kunden vill ha helgflytt"
    entry = AuditEntry.objects.get(action="planning.sprint_created")
    assert entry.details["override_reason"] == "Kunden vill ha helgflytt"
    assert "weekend" in entry.details["overridden"][0]


def test_consultant_must_be_on_the_engagement(planned, coordinator, other_consultant):
    with pytest.raises(PlanningError, match="not assigned"):
        book(planned, coordinator, other_consultant)


def test_moving_a_sprint_onto_a_booked_half_is_refused(planned, coordinator, consultant):
    book(planned, coordinator, consultant, slot=Slot.MORNING)
    afternoon = book(planned, coordinator, consultant, slot=Slot.AFTERNOON)
    with pytest.raises(SprintRefused):
        sprint_update(
            sprint=afternoon,
            user=coordinator,
            consultant=consultant,
            day=MONDAY,
            slot=Slot.FULL_DAY,
            goal="x",
            tasks="",
            internal_note="",
        )
    afternoon.refresh_from_db()
    assert afternoon.slot == Slot.AFTERNOON
