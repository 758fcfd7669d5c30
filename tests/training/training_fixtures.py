"""Shared set-up of the training and support tests: people on the user list and a booked session."""

from datetime import date

import pytest

from engagements.models import Engagement
from engagements.planning.models import Slot
from engagements.quotes.models import CustomerUser
from training.models import Delivery, TrainingFormat
from training.services import training_session_create

# Two working weeks in January 2027: Monday 11 to Friday 22.
START = date(2027, 1, 11)
END = date(2027, 1, 29)
TUESDAY = date(2027, 1, 12)
THURSDAY = date(2027, 1, 14)


def people(engagement, count: int) -> list[CustomerUser]:
    return [
        CustomerUser.objects.create(engagement=engagement, name=f"Person {n}", email=f"person{n}@kund.se")
        for n in range(1, count + 1)
    ]


def book_half_days(engagement, *, user, trainer, attendees, days=(TUESDAY, THURSDAY), **extra):
    return training_session_create(
        engagement=engagement,
        user=user,
        trainer=trainer,
        training_format=TrainingFormat.TWO_HALF_DAYS,
        delivery=extra.pop("delivery", Delivery.ON_SITE),
        place=extra.pop("place", "Storgatan 12, Umeå"),
        days=[(days[0], Slot.MORNING), (days[1], Slot.AFTERNOON)],
        attendees=attendees,
        **extra,
    )


@pytest.fixture
def planned_engagement(engagement):
    """`engagement` with planned dates around the training weeks."""
    Engagement.objects.filter(pk=engagement.pk).update(planned_start=START, planned_end=END)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def eager_tasks():
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
