"""Demo data: training sessions and support requests for the demo engagements in rollout and later."""

from datetime import timedelta

from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.phases import Phase
from engagements.planning.models import Slot
from engagements.planning.workdays import next_working_day
from engagements.quotes.models import CustomerUser
from training.models import Delivery, SupportChannel, SupportTopic, TrainingFormat, Urgency
from training.selectors import sessions_of, trained_user_ids
from training.services import attendance_record, training_session_create
from training.support import support_request_submit

DEMO_REASON = "Demo data"


def _book(engagement, *, people, first_day, training_format):
    trainer = engagement.consultants.order_by("pk").first()
    if training_format == TrainingFormat.FULL_DAY:
        days = [(first_day, Slot.FULL_DAY)]
    else:
        days = [(first_day, Slot.MORNING), (next_working_day(first_day + timedelta(days=1)), Slot.MORNING)]
    return training_session_create(
        engagement=engagement,
        user=engagement.coordinator or trainer,
        trainer=trainer,
        training_format=training_format,
        delivery=Delivery.ON_SITE,
        place=engagement.customer.street_address or engagement.customer.name,
        days=days,
        attendees=people,
        override_reason=DEMO_REASON,
    )


def demo_training_booked(engagement) -> None:
    """Rollout: a session of two half days booked for the user list, a week from now."""
    if sessions_of(engagement).exists() or engagement.consultants.count() == 0:
        return
    people = list(CustomerUser.objects.filter(engagement=engagement)[:12])
    if people:
        day = next_working_day(timezone.localdate() + timedelta(days=7))
        _book(engagement, people=people, first_day=day, training_format=TrainingFormat.TWO_HALF_DAYS)


def demo_training_held(engagement) -> None:
    """Decommissioning: everyone trained on a full day last month (their access released) and a
    support request answered."""
    if engagement.consultants.count() == 0:
        return
    trained = trained_user_ids(engagement=engagement)
    people = [p for p in CustomerUser.objects.filter(engagement=engagement) if p.pk not in trained]
    day = next_working_day(timezone.localdate() - timedelta(days=30))
    for start in range(0, len(people), 12):
        group = people[start : start + 12]
        session = _book(engagement, people=group, first_day=day, training_format=TrainingFormat.FULL_DAY)
        only_day = session.days.get()
        attendance_record(
            session=session, user=session.trainer, present=[(only_day.pk, person.pk) for person in group]
        )
        day = next_working_day(day + timedelta(days=1))
    contact = engagement.customer.contacts.filter(user__isnull=False).first()
    if contact:
        support_request_submit(
            engagement=engagement,
            user=contact.user,
            requester_name=contact.name,
            topic=SupportTopic.ONLINE_ONLY,
            description="Hur gör jag en mapp till endast online?",
            urgency=Urgency.LOW,
            channel=SupportChannel.STATUS_PAGE,
        )


register_demo_step(to_phase=Phase.ROLLOUT, step=demo_training_booked)
register_demo_step(to_phase=Phase.DECOMMISSIONING, step=demo_training_held)
