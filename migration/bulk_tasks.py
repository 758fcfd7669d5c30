"""Celery tasks of the bulk and delta migration and the verification: thin, taking ids.

Imported by migration/tasks.py, so the worker's autodiscovery registers them.
"""

import logging

from celery import shared_task

from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected, DropboxUnavailable
from engagements.errors import DomainError
from migration.bulk import batch_stale_after, job_fail
from migration.models import MigrationJob

logger = logging.getLogger(__name__)

RETRY_WHEN_UNAVAILABLE_SECONDS = 30


def job_enqueue_batches(batch_ids: list[int]) -> None:
    for batch_id in batch_ids:
        migration_batch_run.delay(batch_id)


@shared_task(acks_late=True)
def migration_job_plan(job_id: int) -> None:
    from migration.bulk import job_finish_if_done, job_plan
    from migration.delta_apply import delta_prepare

    job = MigrationJob.objects.select_related("engagement").get(pk=job_id)
    try:
        if job.kind == MigrationJob.Kind.DELTA and job.status == MigrationJob.Status.QUEUED:
            delta_prepare(job=job)
        batch_ids = job_plan(job=job)
    except (DropboxAccessLost, DropboxNotConnected, DropboxUnavailable) as error:
        job_fail(job_id=job_id, message=error.message)
        return
    job_enqueue_batches(batch_ids)
    if not batch_ids:
        job_finish_if_done(job=MigrationJob.objects.get(pk=job_id))
    else:
        migration_job_watch.apply_async((job_id,), countdown=batch_stale_after().total_seconds())


@shared_task(bind=True, acks_late=True, max_retries=20)
def migration_batch_run(self, batch_id: int) -> None:
    from migration.batch_run import batch_release, batch_run
    from migration.models import MigrationBatch

    try:
        batch_run(batch_id=batch_id)
    except DropboxUnavailable as error:
        batch_release(batch_id=batch_id)
        raise self.retry(countdown=error.retry_after or RETRY_WHEN_UNAVAILABLE_SECONDS) from error
    except (DropboxAccessLost, DropboxNotConnected) as error:
        job_id = MigrationBatch.objects.values_list("job_id", flat=True).get(pk=batch_id)
        job_fail(job_id=job_id, message=error.message)
        return
    job_id = MigrationBatch.objects.values_list("job_id", flat=True).get(pk=batch_id)
    migration_job_sweep(job_id)


@shared_task(acks_late=True)
def migration_job_sweep(job_id: int) -> None:
    """Hand back batches of dead workers, and close the job when every batch is done."""
    from migration.bulk import batches_reclaim, job_finish_if_done

    job = MigrationJob.objects.select_related("engagement").get(pk=job_id)
    if job.status != MigrationJob.Status.RUNNING:
        return
    job_enqueue_batches(batches_reclaim(job=job))
    try:
        job_finish_if_done(job=job)
    except DomainError as error:
        job_fail(job_id=job_id, message=error.message)


@shared_task(acks_late=True)
def migration_job_watch(job_id: int) -> None:
    """Sweep now and again while the job runs, so a job started from the browser finishes even
    when the worker running its last batch died (the CLI follower sweeps by itself)."""
    migration_job_sweep(job_id)
    if MigrationJob.objects.filter(pk=job_id, status=MigrationJob.Status.RUNNING).exists():
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
    for job_id in MigrationJob.objects.filter(status=MigrationJob.Status.RUNNING).values_list(
        "pk", flat=True
    ):
        migration_job_sweep(job_id)
