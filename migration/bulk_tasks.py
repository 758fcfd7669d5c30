"""Celery tasks of the bulk and delta migration and the verification: thin, taking ids, each
calling a service and declaring the errors it expects.

Imported by migration/tasks.py, so the worker's autodiscovery registers them.
"""

from celery import shared_task

from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected, DropboxUnavailable
from engagements.errors import DomainError
from migration.bulk import batch_stale_after, job_fail, job_plan_and_hand_out, job_sweep, running_jobs_sweep

RETRY_WHEN_UNAVAILABLE_SECONDS = 30


@shared_task(acks_late=True)
def migration_job_plan(job_id: int) -> None:
    try:
        job_plan_and_hand_out(job_id=job_id)
    except (DropboxAccessLost, DropboxNotConnected, DropboxUnavailable) as error:
        job_fail(job_id=job_id, message=error.message)


@shared_task(bind=True, acks_late=True, max_retries=20)
def migration_batch_run(self, batch_id: int) -> None:
    from migration.batch_run import batch_job_fail, batch_release, batch_run_and_sweep

    try:
        batch_run_and_sweep(batch_id=batch_id)
    except DropboxUnavailable as error:
        batch_release(batch_id=batch_id)
        raise self.retry(countdown=error.retry_after or RETRY_WHEN_UNAVAILABLE_SECONDS) from error
    except (DropboxAccessLost, DropboxNotConnected) as error:
        batch_job_fail(batch_id=batch_id, message=error.message)


@shared_task(acks_late=True)
def migration_job_sweep(job_id: int) -> None:
    """Hand back batches of dead workers, and close the job when every batch is done."""
    job_sweep(job_id=job_id)


@shared_task(acks_late=True)
def migration_job_watch(job_id: int) -> None:
    """Sweep now and again while the job runs, so a job started from the browser finishes even
    when the worker running its last batch died (the CLI follower sweeps by itself)."""
    if job_sweep(job_id=job_id):
        migration_job_watch.apply_async((job_id,), countdown=batch_stale_after().total_seconds())


@shared_task(acks_late=True)
def migration_verify_run(job_id: int) -> None:
    from migration.verify import verify_job_run

    try:
        verify_job_run(job_id=job_id)
    except DomainError as error:
        job_fail(job_id=job_id, message=error.message)


@shared_task
def migration_jobs_sweep_running() -> None:
    """Beat's safety net: sweep every running job each minute or two, so a job whose watch task
    died with its worker still hands back dead batches and closes, without waiting for the
    broker's visibility timeout."""
    running_jobs_sweep()
