"""Celery tasks of the migration app: thin, taking ids, each calling a service and declaring the
errors it expects.

The task names are the ones these tasks had in migration.bulk_tasks before the app was split into
packages (`name=`): messages already queued under them, and the beat schedule
(settings.CELERY_BEAT_SCHEDULE), keep finding them.
"""

from celery import shared_task

from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected, DropboxUnavailable
from engagements.errors import DomainError
from migration.jobs import job_fail
from migration.models import ScanRun
from migration.services.bulk import (
    batch_job_fail,
    batch_run_and_sweep,
    job_plan_and_hand_out,
    job_sweep_and_hand_out,
    job_watch_interval,
    running_jobs_sweep,
)
from migration.services.scan import scan_execute
from migration.services.verify import verify_job_run
from migration.transfer.batch_run import batch_release

RETRY_WHEN_UNAVAILABLE_SECONDS = 30
OLD_MODULE = "migration.bulk_tasks"


@shared_task
def scan_run_task(scan_id: int) -> None:
    """Run a scan started by migration.services.scan.scan_start (discovery or delta)."""
    scan = (
        ScanRun.objects.select_related("engagement").filter(pk=scan_id, status=ScanRun.Status.RUNNING).first()
    )
    if scan is None:
        return  # already finished, or failed as stale: nothing to do
    scan_execute(scan=scan)


@shared_task(name=f"{OLD_MODULE}.migration_job_plan", acks_late=True)
def migration_job_plan(job_id: int) -> None:
    try:
        job_plan_and_hand_out(job_id=job_id)
    except (DropboxAccessLost, DropboxNotConnected, DropboxUnavailable) as error:
        job_fail(job_id=job_id, message=error.message)


@shared_task(name=f"{OLD_MODULE}.migration_batch_run", bind=True, acks_late=True, max_retries=20)
def migration_batch_run(self, batch_id: int) -> None:
    try:
        batch_run_and_sweep(batch_id=batch_id)
    except DropboxUnavailable as error:
        batch_release(batch_id=batch_id)
        raise self.retry(countdown=error.retry_after or RETRY_WHEN_UNAVAILABLE_SECONDS) from error
    except (DropboxAccessLost, DropboxNotConnected) as error:
        batch_job_fail(batch_id=batch_id, message=error.message)


@shared_task(name=f"{OLD_MODULE}.migration_job_sweep", acks_late=True)
def migration_job_sweep(job_id: int) -> None:
    """Hand back batches of dead workers, and close the job when every batch is done."""
    job_sweep_and_hand_out(job_id=job_id)


@shared_task(name=f"{OLD_MODULE}.migration_job_watch", acks_late=True)
def migration_job_watch(job_id: int) -> None:
    """Sweep now and again while the job runs, so a job started from the browser finishes even
    when the worker running its last batch died (the CLI follower sweeps by itself)."""
    if job_sweep_and_hand_out(job_id=job_id):
        migration_job_watch.apply_async((job_id,), countdown=job_watch_interval())


@shared_task(name=f"{OLD_MODULE}.migration_verify_run", acks_late=True)
def migration_verify_run(job_id: int) -> None:
    try:
        verify_job_run(job_id=job_id)
    except DomainError as error:
        job_fail(job_id=job_id, message=error.message)


@shared_task(name=f"{OLD_MODULE}.migration_jobs_sweep_running")
def migration_jobs_sweep_running() -> None:
    """Beat's safety net: sweep every running job each minute or two, so a job whose watch task
    died with its worker still hands back dead batches and closes, without waiting for the
    broker's visibility timeout."""
    running_jobs_sweep()
