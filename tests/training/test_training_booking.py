"""Sessions are sprints: a holiday or a double-booked trainer is refused; the group size holds."""

from datetime import date

import pytest

from engagements.planning.errors import SprintRefused
from engagements.planning.models import Slot, Sprint
from engagements.planning.services import sprint_create
from tests.training.training_fixtures import (
    THURSDAY,
    TUESDAY,
    book_half_days,
    people,
)
from training.errors import TrainingError
from training.models import Delivery, TrainingFormat, TrainingSession
from training.services import training_session_create

pytestmark = pytest.mark.usefixtures("english")

EPIPHANY = date(2027, 1, 6)


def test_a_session_on_a_public_holiday_is_refused(planned_engagement, coordinator, consultant):
    with pytest.raises(SprintRefused) as refused:
        book_half_days(
            planned_engagement,
            user=coordinator,
            trainer=consultant,
            attendees=people(planned_engagement, 1),
            days=(EPIPHANY, THURSDAY),
        )
    assert any("public holiday" in problem for problem in refused.value.problems)
    assert not TrainingSession.objects.exists()
    assert not Sprint.objects.exists()


def test_a_double_booked_trainer_is_refused(planned_engagement, coordinator, consultant):
    sprint_create(
        engagement=planned_engagement,
        user=coordinator,
        consultant=consultant,
        day=TUESDAY,
        slot=Slot.MORNING,
        goal="Scan",
    )
    with pytest.raises(SprintRefused) as refused:
        book_half_days(
            planned_engagement, user=coordinator, trainer=consultant, attendees=people(planned_engagement, 1)
        )
    assert any("already booked" in problem for problem in refused.value.problems)
    assert not TrainingSession.objects.exists()


def test_more_people_than_the_group_size_need_another_session(
    planned_engagement, coordinator, consultant, settings
):
    settings.TRAINING_GROUP_SIZE = 3
    with pytest.raises(TrainingError) as refused:
        book_half_days(
            planned_engagement, user=coordinator, trainer=consultant, attendees=people(planned_engagement, 5)
        )
    assert str(refused.value) == "A session takes at most 3 attendees; book another session for the other 2."


def test_a_full_day_is_one_sprint_of_the_whole_day(planned_engagement, coordinator, consultant):
    session = training_session_create(
        engagement=planned_engagement,
        user=coordinator,
        trainer=consultant,
        training_format=TrainingFormat.FULL_DAY,
        delivery=Delivery.REMOTE,
        meeting_link="https://meet.example/x",
        days=[(TUESDAY, Slot.FULL_DAY)],
        attendees=people(planned_engagement, 2),
    )
    (day,) = session.days.all()
    assert (day.sprint.date, day.sprint.slot, day.sprint.consultant) == (TUESDAY, Slot.FULL_DAY, consultant)


def test_remote_needs_a_link_and_half_days_need_two_dates(planned_engagement, coordinator, consultant):
    with pytest.raises(TrainingError, match="A remote training needs a meeting link."):
        book_half_days(
            planned_engagement, user=coordinator, trainer=consultant, attendees=[], delivery=Delivery.REMOTE
        )
    with pytest.raises(TrainingError, match="on different dates"):
        book_half_days(
            planned_engagement, user=coordinator, trainer=consultant, attendees=[], days=(TUESDAY, TUESDAY)
        )
