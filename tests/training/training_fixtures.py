"""Shared set-up of the training and support tests: people on the user list and a booked session."""

from datetime import date

import pytest
from django.conf import settings

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


def train_everyone(engagement, *, user=None) -> None:
    """Rollout's training guard met the way the app meets it (for tests/phase_walk.py): everyone on
    the user list (one person added when it is empty) attends a full day held last week, which
    releases their folder access and so starts the support window."""
    from datetime import timedelta

    from django.utils import timezone

    from engagements.planning.workdays import next_working_day
    from training.selectors import trained_user_ids
    from training.services import attendance_record

    trainer = engagement.consultants.order_by("pk").first()
    user = user or engagement.coordinator or trainer
    if not CustomerUser.objects.filter(engagement=engagement).exists():
        CustomerUser.objects.create(engagement=engagement, name="Anna Åkesson", email="anna@kund.example")
    trained = trained_user_ids(engagement=engagement)
    waiting = [p for p in CustomerUser.objects.filter(engagement=engagement) if p.pk not in trained]
    day = timezone.localdate() - timedelta(days=21)
    for start in range(0, len(waiting), settings.TRAINING_GROUP_SIZE):
        group = waiting[start : start + settings.TRAINING_GROUP_SIZE]
        day = next_working_day(day + timedelta(days=1))
        session = training_session_create(
            engagement=engagement,
            user=user,
            trainer=trainer,
            training_format=TrainingFormat.FULL_DAY,
            delivery=Delivery.ON_SITE,
            place="Storgatan 12",
            days=[(day, Slot.FULL_DAY)],
            attendees=group,
            override_reason="Test set-up: a training held before.",
        )
        only_day = session.days.get()
        attendance_record(session=session, user=user, present=[(only_day.pk, p.pk) for p in group])


def in_phase(engagement, phase):
    """Test set-up only: the phase guards on the way have tests of their own."""
    from engagements.models import Engagement

    Engagement.objects.filter(pk=engagement.pk).update(phase=phase)
    engagement.refresh_from_db()
    return engagement
