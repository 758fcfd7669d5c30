"""Thin tasks: they load by id and call a service or a mail function."""

from celery import shared_task
from django.utils import timezone

from engagements.models import Engagement
from engagements.phases import Phase
from training.emails import session_invitations_send, support_request_notify_staff
from training.models import SupportRequest, SupportSummary, TrainingSession
from training.selectors import online_only_advice
from training.support import support_summary_write


@shared_task
def training_invitations_send(session_id: int) -> list[str]:
    session = (
        TrainingSession.objects.select_related("engagement__customer", "trainer")
        .prefetch_related("days__sprint", "attendees")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return []
    return session_invitations_send(
        session=session, online_only_folders=online_only_advice(engagement=session.engagement)
    )


@shared_task
def support_request_notify(request_id: int) -> list[str]:
    request = SupportRequest.objects.select_related("engagement__customer", "engagement__coordinator").filter(
        pk=request_id
    )
    request = request.first()
    return support_request_notify_staff(request=request) if request else []


@shared_task
def support_summaries_write() -> int:
    """Nightly: every engagement in rollout or later whose window ended gets its summary once."""
    today = timezone.localdate()
    done = set(SupportSummary.objects.values_list("engagement_id", flat=True))
    written = 0
    for engagement in Engagement.objects.filter(
        phase__in=[Phase.ROLLOUT, Phase.DECOMMISSIONING, Phase.CLOSED]
    ).exclude(pk__in=done):
        if support_summary_write(engagement=engagement, today=today):
            written += 1
    return written
