"""Attendance per person per day: two half days need both, and attending releases folder access."""

import pytest

from licensing.folders.selectors import access_released_at, go_live_at
from tests.training.training_fixtures import (
    THURSDAY,
    book_half_days,
    people,
)
from training.errors import TrainingError
from training.selectors import absentees, training_attended
from training.services import attendance_record

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def session(planned_engagement, coordinator, consultant):
    return book_half_days(
        planned_engagement, user=coordinator, trainer=consultant, attendees=people(planned_engagement, 2)
    )


def test_one_half_day_is_not_enough_both_are(session, consultant):
    anna, bo = session.attendees.order_by("pk")
    first, second = session.days.order_by("position")
    attendance_record(
        session=session, user=consultant, present=[(first.pk, anna.pk), (first.pk, bo.pk)], today=THURSDAY
    )
    assert training_attended(customer_user=anna) is False
    assert access_released_at(customer_user=anna) is None

    trained = attendance_record(
        session=session,
        user=consultant,
        present=[(first.pk, anna.pk), (first.pk, bo.pk), (second.pk, anna.pk)],
        today=THURSDAY,
    )
    assert trained == [anna]
    assert training_attended(customer_user=anna) is True
    assert training_attended(customer_user=bo) is False
    assert access_released_at(customer_user=anna) is not None
    assert access_released_at(customer_user=bo) is None
    assert go_live_at(engagement=session.engagement) == access_released_at(customer_user=anna)


def test_an_absentee_is_listed_with_a_short_remote_catch_up(session, consultant):
    anna, bo = session.attendees.order_by("pk")
    first, second = session.days.order_by("position")
    present = [(first.pk, anna.pk), (second.pk, anna.pk), (first.pk, bo.pk)]
    attendance_record(session=session, user=consultant, present=present, today=THURSDAY)
    (absent,) = absentees(engagement=session.engagement, today=THURSDAY.replace(day=15))
    assert absent.customer_user == bo
    assert absent.catch_up is None  # no later session: a short remote one is suggested


def test_attendance_cannot_be_recorded_before_the_day(session, consultant):
    anna, _bo = session.attendees.order_by("pk")
    _first, second = session.days.order_by("position")
    with pytest.raises(TrainingError, match="on the day of the training or after it"):
        attendance_record(
            session=session,
            user=consultant,
            present=[(second.pk, anna.pk)],
            today=second.sprint.date.replace(day=13),
        )
    assert training_attended(customer_user=anna) is False
