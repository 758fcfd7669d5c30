import socket

from celery import shared_task

from engagements.booking.emails import customer_meeting_mail_send, seller_meeting_mail_send
from engagements.models import WorkerHeartbeat


@shared_task
def record_worker_heartbeat() -> None:
    """Beat calls this every minute; the admin shows the latest, so a dead worker is noticed."""
    WorkerHeartbeat.objects.create(hostname=socket.gethostname())
    # Keep a day's worth; older rows say nothing the newest does not.
    stale = WorkerHeartbeat.objects.order_by("-seen_at").values_list("pk", flat=True)[1440:]
    WorkerHeartbeat.objects.filter(pk__in=list(stale)).delete()


# Two tasks, so a retry of one mail never sends the other twice.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_request_notify_seller(meeting_request_id: int) -> None:
    """A meeting was booked on the public page: tell the seller. Retried when the mail server is away."""
    seller_meeting_mail_send(meeting_request_id=meeting_request_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_request_confirm(meeting_request_id: int) -> None:
    """Confirm a booked meeting to the prospect. Retried when the mail server is away."""
    customer_meeting_mail_send(meeting_request_id=meeting_request_id)
