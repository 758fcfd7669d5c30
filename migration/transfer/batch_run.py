"""Running one batch: claim it, upload its files, record each file's state in one transaction.

A worker killed anywhere in here costs this batch only: until `_record` commits, the rows
stay `queued` and the batch `running`; its claim goes stale and the sweep hands it back.
A second run uploads the same files again with `mode=overwrite`, which Dropbox answers with
the same file (no conflict copy), and `_record` counts a batch once, for the latest claim.

The claim's clock (`batch_stale_after`, `claim_heartbeat`) lives here; migration.jobs reads it
to hand back the batches of dead workers.
"""

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from migration.models import ManifestEntry, MigrationBatch, MigrationJob, MigrationSource
from migration.source_roots import confined_source_path
from migration.transfer.dropbox_calls import caller_for
from migration.transfer.large_files import upload_large_file
from migration.transfer.manifest_updates import manifest_rows_update
from migration.transfer.upload_items import Status, UploadItem, UploadOutcome
from migration.transfer.uploader import upload_small_files

logger = logging.getLogger(__name__)

STATE_OF_OUTCOME = {
    Status.UPLOADED: ManifestEntry.State.UPLOADED,
    Status.CHANGED: ManifestEntry.State.CHANGED_DURING_READ,
    Status.FAILED: ManifestEntry.State.FAILED,
}


@dataclass
class BatchResult:
    ran: bool
    uploaded: int = 0
    failed: int = 0
    changed: int = 0


def batch_stale_after() -> timedelta:
    """A claim older than this belongs to a dead worker (a live one renews it, see claim_heartbeat)."""
    return timedelta(seconds=settings.MIGRATION_BATCH_STALE_SECONDS)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def batch_claim(*, batch_id: int, worker: str) -> int | None:
    """Take the batch if it is free (pending, or running under a stale claim) and its job runs.

    Returns the claim's attempt number, or None when another worker has it or it is done.
    """
    stale = timezone.now() - batch_stale_after()
    with transaction.atomic():
        taken = (
            MigrationBatch.objects.filter(pk=batch_id, job__status=MigrationJob.Status.RUNNING)
            .filter(
                Q(status=MigrationBatch.Status.PENDING)
                | Q(status=MigrationBatch.Status.RUNNING, claimed_at__lt=stale)
            )
            .update(
                status=MigrationBatch.Status.RUNNING,
                claimed_by=worker[:200],
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
        )
        if not taken:
            return None
        return MigrationBatch.objects.values_list("attempts", flat=True).get(pk=batch_id)


def _items(batch: MigrationBatch, entries: list[ManifestEntry]) -> list[UploadItem]:
    """The batch's files below the share's real path, checked against MIGRATION_SOURCE_ROOTS
    again now (SourceOutsideRoots): the source may have been swapped for a symlink since."""
    source_path = MigrationSource.objects.get(engagement_id=batch.job.engagement_id).source_path
    root = os.fsencode(confined_source_path(source_path))
    return [
        UploadItem(
            key=entry.pk,
            source_path=os.path.join(root, entry.source_path_bytes.lstrip(b"/")),
            dropbox_path=entry.target_path,
            size=entry.size,
            mtime_ns=entry.mtime_ns,
            source_root=root,
        )
        for entry in entries
    ]


def batch_run(*, batch_id: int, worker: str | None = None) -> BatchResult:
    """Claim, upload and record one batch. Raises the connection layer's errors
    (DropboxUnavailable, DropboxAccessLost, DropboxNotConnected), and SourceOutsideRoots when the
    share no longer resolves inside MIGRATION_SOURCE_ROOTS, for the caller to handle
    (migration.services.running fails the job)."""
    worker = worker or worker_name()
    attempt = batch_claim(batch_id=batch_id, worker=worker)
    if attempt is None:
        return BatchResult(ran=False)
    batch = MigrationBatch.objects.select_related("job__engagement").get(pk=batch_id)
    entries = list(
        # Not batch.entries: the related manager would read each row's deferred batch_id back.
        ManifestEntry.objects.filter(batch_id=batch_id, state=ManifestEntry.State.QUEUED).only(
            "pk",
            "source_path",
            "source_path_raw",
            "target_path",
            "size",
            "mtime_ns",
            "content_hash",
            "dropbox_content_hash",
            "dropbox_rev",
            "uploaded_at",
        )
    )
    items = _items(batch, entries)
    caller = caller_for(batch.job.engagement)

    def keep_claim(*_offset) -> None:
        """A heartbeat after each call Dropbox answered: a live batch's claim never goes stale."""
        MigrationBatch.objects.filter(pk=batch_id, attempts=attempt).update(claimed_at=timezone.now())

    with claim_heartbeat(batch_id=batch_id, attempt=attempt):
        if batch.kind == MigrationBatch.Kind.LARGE:
            outcomes = [upload_large_file(caller, item, on_chunk=keep_claim) for item in items]
        else:
            outcomes = upload_small_files(caller, items, heartbeat=keep_claim) if items else []
    return _record(batch_id=batch_id, attempt=attempt, entries=entries, outcomes=outcomes)


@contextmanager
def claim_heartbeat(*, batch_id: int, attempt: int) -> Iterator[None]:
    """Renew the batch's claim every third of the stale period while the batch runs.

    The claim is also renewed after every call Dropbox answers, but a call can wait out a rate
    limit or a retry for longer than that. A thread beating on a clock keeps a live worker's claim
    fresh whatever its calls do, so the stale period can be short and a dead worker's batch goes
    to another worker within seconds (the thread dies with its process).
    """
    stop = threading.Event()
    every = max(batch_stale_after().total_seconds() / 3, 0.5)

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    MigrationBatch.objects.filter(pk=batch_id, attempts=attempt).update(
                        claimed_at=timezone.now()
                    )
                except DatabaseError:  # a locked SQLite file: the next beat tries again
                    logger.warning("batch %s: could not renew its claim this time", batch_id)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"claim-heartbeat-{batch_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _record(
    *, batch_id: int, attempt: int, entries: list[ManifestEntry], outcomes: list[UploadOutcome]
) -> BatchResult:
    by_key = {outcome.key: outcome for outcome in outcomes}
    now = timezone.now()
    result = BatchResult(ran=True)
    uploaded_bytes = 0
    with transaction.atomic():
        batch = MigrationBatch.objects.select_for_update().get(pk=batch_id)
        if batch.attempts != attempt or batch.status != MigrationBatch.Status.RUNNING:
            logger.info("batch %s: claim %s was superseded; its result is dropped", batch_id, attempt)
            return BatchResult(ran=False)
        rows = []
        for entry in entries:
            outcome = by_key[entry.pk]
            uploaded = outcome.status == Status.UPLOADED
            rows.append(
                (
                    STATE_OF_OUTCOME[outcome.status],
                    outcome.attempts,
                    "" if uploaded else outcome.message,
                    outcome.content_hash or entry.content_hash,
                    outcome.content_hash
                    if uploaded
                    else outcome.dropbox_content_hash or entry.dropbox_content_hash,
                    outcome.rev if uploaded else entry.dropbox_rev,
                    now if uploaded else entry.uploaded_at,
                    entry.pk,
                )
            )
            if uploaded:
                result.uploaded += 1
                uploaded_bytes += entry.size
            elif outcome.status == Status.CHANGED:
                result.changed += 1
            else:
                result.failed += 1
        manifest_rows_update(
            [
                "state",
                "attempts+",
                "last_error",
                "content_hash",
                "dropbox_content_hash",
                "dropbox_rev",
                "uploaded_at",
            ],
            rows,
        )
        MigrationJob.objects.filter(pk=batch.job_id).update(
            files_done=F("files_done") + result.uploaded,
            bytes_done=F("bytes_done") + uploaded_bytes,
            files_failed=F("files_failed") + result.failed,
            last_progress_at=now,
        )
        batch.status = MigrationBatch.Status.DONE
        batch.finished_at = now
        batch.save(update_fields=["status", "finished_at"])
    return result


def job_of_batch(batch_id: int) -> int:
    return MigrationBatch.objects.values_list("job_id", flat=True).get(pk=batch_id)


def batch_release(*, batch_id: int) -> None:
    """Give a batch back at once (Dropbox unavailable for now), so the sweep need not wait."""
    MigrationBatch.objects.filter(pk=batch_id, status=MigrationBatch.Status.RUNNING).update(
        status=MigrationBatch.Status.PENDING, claimed_by="released", claimed_at=timezone.now()
    )
