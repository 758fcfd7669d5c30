"""Bulk and delta migration: jobs split into many small batches any worker can take.

A job's life:
1. `migration_start_bulk` (service) creates a queued MigrationJob and, after commit, the
   planning task.
2. `job_plan` cuts the files still to upload into batches (up to 1,000 small files or one
   large file each), marks their manifest rows queued, and enqueues one task per batch,
   all in one transaction: a planner killed half-way leaves nothing half-planned.
3. `batch_run` (migration.batch_run) claims a batch, uploads it and records per-file state.
4. `job_sweep` hands out again batches whose claim went stale (their worker died) and finishes
   the job once no batch is left: it creates the empty folders and sets the totals.
"""

import logging
from array import array
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dropbox_integration.models import DropboxConnection
from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.privacy.selectors import has_processor_agreement
from engagements.services import audit_log
from migration.dropbox_audit import folders_created_record, job_action_record
from migration.guards import job_phase_refusal
from migration.models import ManifestEntry, MigrationBatch, MigrationJob, MigrationSource, ScanRun
from migration.source_roots import SourceOutsideRoots, confined_source_path
from migration.uploader import BATCH_BYTES_LIMIT, BATCH_FILES_LIMIT, SMALL_FILE_LIMIT

logger = logging.getLogger(__name__)

# Rows the bulk migration still has to upload (a verified or uploaded row is never sent again;
# a row that changed while read waits for the delta, which rescans it first).
STATES_TO_UPLOAD = [
    ManifestEntry.State.PENDING,
    ManifestEntry.State.QUEUED,
    ManifestEntry.State.FAILED,
]
ACTIVE_JOB_STATUSES = [MigrationJob.Status.QUEUED, MigrationJob.Status.RUNNING]


class MigrationNotReady(DomainError):
    pass


def batch_stale_after() -> timedelta:
    """A claim older than this belongs to a dead worker (large files refresh theirs per chunk)."""
    return timedelta(seconds=settings.MIGRATION_BATCH_STALE_SECONDS)


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


def require_ready_to_migrate(engagement: Engagement) -> None:
    """Raise MigrationNotReady with a sentence unless a bulk or delta job may start now."""
    phase_refusal = job_phase_refusal(engagement)  # in planning it may: a trial run
    if phase_refusal:
        raise MigrationNotReady(phase_refusal)
    source = MigrationSource.objects.filter(engagement=engagement).first()
    if source is None:
        raise MigrationNotReady(_("Set the source share of the engagement before migrating."))
    try:
        confined_source_path(source.source_path)  # again: swapped for a symlink since it was set?
    except SourceOutsideRoots as refusal:
        raise MigrationNotReady(refusal.message) from None
    if not ScanRun.objects.filter(engagement=engagement, status=ScanRun.Status.DONE).exists():
        raise MigrationNotReady(_("Run a scan of the share before migrating."))
    if not DropboxConnection.objects.filter(engagement=engagement).exists():
        raise MigrationNotReady(_("Connect the engagement to Dropbox before migrating."))
    if not has_processor_agreement(engagement):
        raise MigrationNotReady(_("Record the processor agreement the customer signed before migrating."))
    running = (
        MigrationJob.objects.filter(engagement=engagement, status__in=ACTIVE_JOB_STATUSES)
        .exclude(kind=MigrationJob.Kind.VERIFY)
        .first()
    )
    if running is not None:
        raise MigrationNotReady(
            _("A %(kind)s for this engagement is already running; wait for it to finish.")
            % {"kind": running.get_kind_display().lower()}
        )


@transaction.atomic
def migration_start_bulk(
    *, engagement: Engagement, user: AbstractBaseUser | None, enqueue: bool = True
) -> MigrationJob:
    """Queue the bulk migration of every file of the manifest not in Dropbox yet.

    `enqueue=False` leaves the job queued for the caller to run in its own process (`--here`).
    """
    from migration.bulk_tasks import migration_job_plan

    Engagement.objects.select_for_update().get(pk=engagement.pk)
    require_ready_to_migrate(engagement)
    job = MigrationJob(engagement=engagement, kind=MigrationJob.Kind.BULK, started_by=acting_user(user))
    job.full_clean()
    job.save()
    audit_log(action="migration.bulk_started", user=user, engagement=engagement, details={"job": job.pk})
    job_action_record(job=job, event="started", user=user)
    if enqueue:
        migration_job_plan.delay_on_commit(job.pk)
    return job


def acting_user(user):
    return user if user is not None and user.is_authenticated else None


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
                batch_ids.append(_create_batch(job, MigrationBatch.Kind.SMALL, run))
            run, run_bytes = [], 0

        for pk, size in zip(pks, sizes, strict=True):
            if size > SMALL_FILE_LIMIT:
                batch_ids.append(_create_batch(job, MigrationBatch.Kind.LARGE, [(pk, size)]))
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


def _create_batch(job: MigrationJob, kind: str, rows: list[tuple[int, int]]) -> int:
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


def job_plan_and_hand_out(*, job_id: int) -> list[int]:
    """What the planning task does; returns the ids of the batches handed to the workers.

    1. A delta job still queued applies its moves and creates its new folders first.
    2. The files are cut into batches (`job_plan`), and each batch goes to the workers as a task.
    3. With no batch the job closes now; otherwise a watch is scheduled that sweeps while it runs.
    Raises the connection layer's errors (Dropbox lost, not connected, unavailable).
    """
    from migration.bulk_tasks import migration_job_watch
    from migration.delta_apply import delta_prepare

    job = MigrationJob.objects.select_related("engagement").get(pk=job_id)
    if job.kind == MigrationJob.Kind.DELTA and job.status == MigrationJob.Status.QUEUED:
        delta_prepare(job=job)
    batch_ids = job_plan(job=job)
    batches_hand_out(batch_ids)
    if not batch_ids:
        job_finish_if_done(job=MigrationJob.objects.get(pk=job_id))
    else:
        migration_job_watch.apply_async((job_id,), countdown=batch_stale_after().total_seconds())
    return batch_ids


def batches_hand_out(batch_ids: list[int]) -> None:
    """One task per batch, for any worker to take (after the surrounding commit, if any)."""
    from migration.bulk_tasks import migration_batch_run

    for batch_id in batch_ids:
        migration_batch_run.delay_on_commit(batch_id)


def job_sweep(*, job_id: int) -> bool:
    """Hand the batches of dead workers out again and close the job once no batch is left (failing
    it with the reason when closing cannot work). Returns whether the job is still running."""
    job = MigrationJob.objects.select_related("engagement").get(pk=job_id)
    if job.status != MigrationJob.Status.RUNNING:
        return False
    batches_hand_out(batches_reclaim(job=job))
    try:
        job_finish_if_done(job=job)
    except DomainError as error:
        job_fail(job_id=job_id, message=error.message)
    return MigrationJob.objects.filter(pk=job_id, status=MigrationJob.Status.RUNNING).exists()


def running_jobs_sweep() -> int:
    """Sweep every running job (beat's safety net); returns how many were swept."""
    job_ids = list(
        MigrationJob.objects.filter(status=MigrationJob.Status.RUNNING).values_list("pk", flat=True)
    )
    for job_id in job_ids:
        job_sweep(job_id=job_id)
    return len(job_ids)


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
def job_fail(*, job_id: int, message: str) -> None:
    """Stop a job with a sentence saying why (Dropbox lost, not connected, unavailable too long)."""
    job = MigrationJob.objects.select_for_update().select_related("engagement").get(pk=job_id)
    if job.status in (MigrationJob.Status.DONE, MigrationJob.Status.FAILED):
        return
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


def job_finish_if_done(*, job: MigrationJob) -> bool:
    """When no batch is pending or running: create empty folders, record totals, close the job."""
    if job.batches.filter(status__in=[MigrationBatch.Status.PENDING, MigrationBatch.Status.RUNNING]).exists():
        return False
    from migration.folders import create_empty_folders, folder_rows_mark_uploaded

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
