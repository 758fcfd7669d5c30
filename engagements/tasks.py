import socket

from celery import shared_task

from engagements.models import WorkerHeartbeat


@shared_task
def record_worker_heartbeat() -> None:
    """Beat calls this every minute; the admin shows the latest, so a dead worker is noticed."""
    WorkerHeartbeat.objects.create(hostname=socket.gethostname())
    # Keep a day's worth; older rows say nothing the newest does not.
    stale = WorkerHeartbeat.objects.order_by("-seen_at").values_list("pk", flat=True)[1440:]
    WorkerHeartbeat.objects.filter(pk__in=list(stale)).delete()
