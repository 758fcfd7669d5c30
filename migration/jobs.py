"""One migration job's life, in the database: start, plan, sweep, reclaim, fail, finish.

A bulk, delta or verify job is a MigrationJob; a bulk or delta job is cut into MigrationBatches
any worker can take (migration.transfer.batch_run runs one). This module never enqueues a task
and never decides whether a job may start: the services (migration.services) do both, and call
these steps:

1. `job_create` writes the queued job, its audit row and its Dropbox action row
   (migration.services.job_start.migration_job_start, for every kind of job).
2. `job_plan` cuts the files still to upload into batches (up to 1,000 small files or one large
   file each), marks their manifest rows queued, and sets the job running, in one transaction:
   a planner killed half-way leaves nothing half-planned.
3. `job_sweep` hands back the batches whose claim went stale (their worker died: see
   migration.transfer.batch_run.claim_heartbeat) and closes the job once no batch is left
   (`job_finish_if_done`: creates the empty folders, sets the totals); it returns the batches
   handed back, for the caller to enqueue again.
4. `job_fail` stops a job with a sentence saying why.
"""

import logging
from array import array
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.services import audit_log
from migration.dropbox_audit import folders_created_record, job_action_record
from migration.models import ManifestEntry, MigrationBatch, MigrationJob
from migration.transfer.batch_run import batch_stale_after
from migration.transfer.folders import create_empty_folders, folder_rows_mark_uploaded
from migration.transfer.upload_items import BATCH_BYTES_LIMIT, BATCH_FILES_LIMIT, SMALL_FILE_LIMIT

logger = logging.getLogger(__name__)

# Rows the bulk migration still has to upload (a verified or uploaded row is never sent again;
# a row that changed while read waits for the delta, which rescans it first).
STATES_TO_UPLOAD = [
    ManifestEntry.State.PENDING,
    ManifestEntry.State.QUEUED,
    ManifestEntry.State.FAILED,
]
ACTIVE_JOB_STATUSES = [MigrationJob.Status.QUEUED, MigrationJob.Status.RUNNING]


def states_to_upload(kind: str) -> list[str]:
    """The bulk takes what is not in Dropbox yet; the delta also what changed while read
    (its rescan brought those rows up to date first)."""
    if kind == MigrationJob.Kind.DELTA:
        return [*STATES_TO_UPLOAD, ManifestEntry.State.CHANGED_DURING_READ]
    return STATES_TO_UPLOAD


def files_to_upload(engagement: Engagement, *, kind: str = MigrationJob.Kind.BULK):
    return ManifestEntry.objects.filter(
        engagement=engagement,
        kind=ManifestEntry.Kind.FILE,
        action=ManifestEntry.Action.MIGRATE,
        state__in=states_to_upload(kind),
        pending_move_from="",
    )


def acting_user(user):
    return user if user is not None and user.is_authenticated else None


def job_create(
    *, engagement: Engagement, kind: str, user: AbstractBaseUser | None, detail: dict | None = None, **options
) -> MigrationJob:
    """Write a queued job of `kind` with its audit row ("migration.<kind>_started") and its Dropbox
    action row; `detail` goes into both, `options` are the job's own fields (propagate_deletes)."""
    job = MigrationJob(engagement=engagement, kind=kind, started_by=acting_user(user), **options)
    job.full_clean()
    job.save()
    audit_log(
        action=f"migration.{kind}_started",
        user=user,
        engagement=engagement,
        details={"job": job.pk, **(detail or {})},
    )
    job_action_record(job=job, event="started", user=user, detail=detail)
    return job


def job_plan(*, job: MigrationJob) -> list[int]:
    """Cut the job's files into batches; returns the ids of the batches to enqueue.

    Streams the manifest in primary-key order, so memory stays flat for a million rows; each
    small batch is a run of consecutive small files, its rows marked with one UPDATE by their
    primary keys.
    """
    with transaction.atomic():
        job = MigrationJob.objects.select_for_update().get(pk=job.pk)
        if job.status != MigrationJob.Status.QUEUED:
            return list(job.batches.filter(status=MigrationBatch.Status.PENDING).values_list("pk", flat=True))
        candidates = files_to_upload(job.engagement, kind=job.kind)
        # Read the (pk, size) pairs first (16 bytes a file: 16 MB for a million), so the
        # updates below never run under an open cursor over the rows they change.
        pks, sizes = array("q"), array("q")
        for pk, size in candidates.order_by("pk").values_list("pk", "size").iterator(chunk_size=5000):
            pks.append(pk)
            sizes.append(size)
        batch_ids: list[int] = []
        run: list[tuple[int, int]] = []  # (pk, size) of the small batch being filled
        run_bytes = 0

        def close_run() -> None:
            nonlocal run, run_bytes
            if run:
                batch_ids.append(batch_create(job, MigrationBatch.Kind.SMALL, run))
            run, run_bytes = [], 0

        for pk, size in zip(pks, sizes, strict=True):
            if size > SMALL_FILE_LIMIT:
                batch_ids.append(batch_create(job, MigrationBatch.Kind.LARGE, [(pk, size)]))
                continue
            if len(run) >= BATCH_FILES_LIMIT or run_bytes + size > BATCH_BYTES_LIMIT:
                close_run()
            run.append((pk, size))
            run_bytes += size
        close_run()
        job.files_total = len(pks)
        job.bytes_total = sum(sizes)
        job.status = MigrationJob.Status.RUNNING
        job.started_at = timezone.now()
        job.last_progress_at = job.started_at
        job.full_clean()
        job.save()
    return batch_ids


def batch_create(job: MigrationJob, kind: str, rows: list[tuple[int, int]]) -> int:
    """Create the batch and mark its rows queued, finding them by primary key alone.

    Not by the engagement plus a primary-key range: right after a big scan the database's
    statistics are stale, and PostgreSQL then walked all of the engagement's rows for every batch
    (1,000,000 files: 495 s to plan, against 0.002 s a batch once analysed); SQLite did the same.
    """
    batch = MigrationBatch.objects.create(
        job=job, kind=kind, entries_count=len(rows), bytes=sum(size for _pk, size in rows)
    )
    ManifestEntry.objects.filter(
        pk__in=[pk for pk, _size in rows], state__in=states_to_upload(job.kind)
    ).update(batch=batch, state=ManifestEntry.State.QUEUED)
    return batch.pk


@dataclass
class JobSweep:
    """What a sweep did: whether the job still runs, and the batches it handed back (to enqueue)."""

    running: bool
    handed_back: list[int] = field(default_factory=list)


def job_sweep(*, job_id: int) -> JobSweep:
    """Hand back the batches of dead workers and close the job once no batch is left (failing it
    with the reason when closing cannot work)."""
    job = MigrationJob.objects.select_related("engagement").get(pk=job_id)
    if job.status != MigrationJob.Status.RUNNING:
        return JobSweep(running=False)
    handed_back = batches_reclaim(job=job)
    try:
        job_finish_if_done(job=job)
    except DomainError as error:
        job_fail(job_id=job_id, message=error.message)
    running = MigrationJob.objects.filter(pk=job_id, status=MigrationJob.Status.RUNNING).exists()
    return JobSweep(running=running, handed_back=handed_back)


def batches_reclaim(*, job: MigrationJob) -> list[int]:
    """Hand back batches whose worker died mid-way; returns their ids, to enqueue again.

    1. A running batch whose claim is stale: its worker stopped sending heartbeats.
    2. Pending batches, but only when the whole job has made no progress for the stale period
       and no batch holds a fresh claim: then no worker is taking them, and their task messages
       went down with a killed worker (a pending batch merely waiting in a long queue is left
       alone, or every sweep would enqueue it again).
    A handed-back batch is stamped `claimed_by="requeued"` with the time, so the next sweep does
    not enqueue it again until that stamp is stale too.
    """
    now = timezone.now()
    stale = now - batch_stale_after()
    with transaction.atomic():
        batches = job.batches.select_for_update()
        reclaim = list(
            batches.filter(status=MigrationBatch.Status.RUNNING, claimed_at__lt=stale).values_list(
                "pk", flat=True
            )
        )
        idle = (job.last_progress_at or job.started_at or now) < stale and not batches.filter(
            status=MigrationBatch.Status.RUNNING, claimed_at__gte=stale
        ).exists()
        if idle:
            reclaim += list(
                batches.filter(status=MigrationBatch.Status.PENDING)
                .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
                .values_list("pk", flat=True)
            )
        if reclaim:
            MigrationBatch.objects.filter(pk__in=reclaim).update(
                status=MigrationBatch.Status.PENDING, claimed_by="requeued", claimed_at=now
            )
            logger.info("job %s: handing back batches %s", job.pk, reclaim)
    return reclaim


@transaction.atomic
def job_fail(*, job_id: int, message: str, only_if_queued: bool = False) -> bool:
    """Stop a job with a sentence saying why (Dropbox lost, not connected, unavailable too long, no
    worker); `only_if_queued`: only while no worker has taken it. Returns whether it failed it."""
    job = MigrationJob.objects.select_for_update().select_related("engagement").get(pk=job_id)
    if job.status in (MigrationJob.Status.DONE, MigrationJob.Status.FAILED):
        return False
    if only_if_queued and job.status != MigrationJob.Status.QUEUED:
        return False
    job.status = MigrationJob.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    audit_log(
        action=f"migration.{job.kind}_failed",
        user=None,
        engagement=job.engagement,
        details={"job": job.pk, "error": message},
    )
    job_action_record(job=job, event="finished", failed_because=message)
    return True


def job_finish_if_done(*, job: MigrationJob) -> bool:
    """When no batch is pending or running: create empty folders, record totals, close the job."""
    if job.batches.filter(status__in=[MigrationBatch.Status.PENDING, MigrationBatch.Status.RUNNING]).exists():
        return False
    folder_error = ""
    try:
        folders_created_record(job=job, count=create_empty_folders(engagement=job.engagement))
    except DomainError as error:
        folder_error = error.message
    else:
        job.refresh_from_db(fields=["files_failed"])
        if not job.files_failed:
            # Every file arrived, so every folder holding one is in Dropbox through it.
            folder_rows_mark_uploaded(engagement=job.engagement)
    with transaction.atomic():
        job = MigrationJob.objects.select_for_update().get(pk=job.pk)
        if job.status != MigrationJob.Status.RUNNING:
            return job.status == MigrationJob.Status.DONE
        job.status = MigrationJob.Status.DONE
        job.finished_at = timezone.now()
        job.error = folder_error
        job.full_clean()
        job.save()
        audit_log(
            action=f"migration.{job.kind}_finished",
            user=None,
            engagement=job.engagement,
            details=job_summary(job),
        )
        job_action_record(job=job, event="finished", failed_because=folder_error, detail=job_summary(job))
    return True


def job_summary(job: MigrationJob) -> dict:
    """What a person wants to know at the end: files and bytes moved, failed, left for the delta."""
    states = dict(ManifestEntry.objects.filter(batch__job=job).values_list("state").annotate(n=Count("pk")))
    changed = states.get(ManifestEntry.State.CHANGED_DURING_READ, 0)
    return {
        "job": job.pk,
        "kind": job.kind,
        "status": job.status,
        "files_total": job.files_total,
        "files_done": job.files_done,
        "bytes_total": job.bytes_total,
        "bytes_done": job.bytes_done,
        "files_failed": job.files_failed,
        "files_changed_during_read": changed,
    }


def job_problems(job: MigrationJob) -> list[str]:
    """Sentences for what needs a person's attention after the job; empty when all went well."""
    summary = job_summary(job)
    problems = []
    if job.status == MigrationJob.Status.FAILED:
        problems.append(job.error or _("The job failed."))
    if summary["files_failed"]:
        problems.append(
            _("%(count)d files could not be uploaded; each is listed with the reason.")
            % {"count": summary["files_failed"]}
        )
    if summary["files_changed_during_read"]:
        problems.append(
            _("%(count)d files changed while they were read; run the delta migration to take them.")
            % {"count": summary["files_changed_during_read"]}
        )
    if job.error and job.status != MigrationJob.Status.FAILED:
        problems.append(job.error)
    return problems
