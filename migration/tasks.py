"""Celery tasks of the migration app: thin, taking ids.

The bulk, delta and verify tasks live in migration.bulk_tasks; importing it here lets the
worker's autodiscovery (which looks for <app>.tasks) register them.
"""

from celery import shared_task

from migration import bulk_tasks  # noqa: F401 - registers the bulk/delta/verify tasks
from migration.models import ScanRun
from migration.services import scan_execute


@shared_task
def scan_run_task(scan_id: int) -> None:
    """Run a scan started by migration.services.scan_start (discovery or delta)."""
    scan = (
        ScanRun.objects.select_related("engagement").filter(pk=scan_id, status=ScanRun.Status.RUNNING).first()
    )
    if scan is None:
        return  # already finished, or failed as stale: nothing to do
    scan_execute(scan=scan)
