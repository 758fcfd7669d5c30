"""Verbs of the support window: requests taken and answered, and the summary when the window ends."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.services import audit_log
from training.errors import SupportError
from training.models import SupportChannel, SupportRequest, SupportStatus, SupportSummary
from training.selectors import support_figures, support_window


@transaction.atomic
def support_request_submit(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    requester_name: str,
    topic: str,
    description: str,
    urgency: str,
    channel: str = SupportChannel.STATUS_PAGE,
) -> SupportRequest:
    """A request from the status page or logged from a call; the staff are told by e-mail after commit.

    Whether it fell inside the support window is decided now, from go-live and SUPPORT_WINDOW_DAYS."""
    received_at = timezone.now()
    window = support_window(engagement=engagement)
    request = SupportRequest(
        engagement=engagement,
        requester_name=requester_name.strip(),
        topic=topic,
        description=description.strip(),
        urgency=urgency,
        channel=channel,
        submitted_by=user,
        received_at=received_at,
        within_window=window is not None and window.contains(timezone.localdate(received_at)),
    )
    request.full_clean()
    request.save()
    audit_log(
        action="training.support_request_received",
        user=user,
        engagement=engagement,
        details={"request": request.pk, "channel": channel, "within_window": request.within_window},
    )
    from training.tasks import support_request_notify

    support_request_notify.delay_on_commit(request.pk)
    return request


@transaction.atomic
def support_request_answer(
    *, request: SupportRequest, user: AbstractBaseUser, answer: str, status: str, minutes_spent: int
) -> SupportRequest:
    """The consultant's answer, the request's status and the time it took (which the customer sees)."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if status != SupportStatus.OPEN and not answer.strip():
        raise SupportError(_("Write the answer before marking the request answered or closed."))
    request.answer = answer.strip()
    request.status = status
    request.minutes_spent = minutes_spent
    request.answered_by = user if answer.strip() else request.answered_by
    request.answered_at = timezone.now() if answer.strip() else request.answered_at
    request.full_clean()
    request.save()
    audit_log(
        action="training.support_request_answered",
        user=user,
        engagement=request.engagement,
        details={"request": request.pk, "status": status, "minutes": minutes_spent},
    )
    return request


@transaction.atomic
def support_summary_write(*, engagement: Engagement, today=None) -> SupportSummary | None:
    """Once the window has ended: its figures kept, and a note in the engagement's audit history.

    Idempotent: a second call (the nightly task runs every night) returns the summary written."""
    today = today or timezone.localdate()
    window = support_window(engagement=engagement)
    if window is None or not window.has_ended(today):
        return None
    existing = SupportSummary.objects.filter(engagement=engagement).first()
    if existing:
        return existing
    figures = support_figures(engagement=engagement, window=window)
    summary = SupportSummary(
        engagement=engagement, window_start=window.start, window_end=window.end, figures=figures
    )
    summary.full_clean()
    summary.save()
    audit_log(
        action="training.support_window_summary",
        user=None,
        engagement=engagement,
        details={"note_key": "training.support_summary", "note_params": _note_params(figures)},
    )
    return summary


def _note_params(figures: dict) -> dict:
    return {
        "start": figures["start"],
        "end": figures["end"],
        "total": figures["total"],
        "open": figures["open"],
        "minutes": figures["minutes"],
    }
