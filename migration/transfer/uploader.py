"""Uploading files to Dropbox: small ones many per call, large ones in chunks.

Pure of the database: it takes `UploadItem`s and returns one `UploadOutcome` per item;
migration.transfer.batch_run maps manifest rows to items and outcomes back to rows. Small files
here; large files in migration.transfer.large_files; what both share in
migration.transfer.upload_items.

Rules every path here keeps:
- the source is only ever opened for reading (O_RDONLY, O_NOFOLLOW, O_NOATIME when allowed), and
  below the share's root one name at a time, so no symlink is followed on the way either
  (migration.source_roots.open_beneath): a file or folder swapped for a symlink after the scan
  is not read;
- a file whose size or mtime is not what the scan saw, before or after reading it, is not
  committed: it is reported CHANGED, for the delta migration to pick up;
- every commit is `mode=overwrite, autorename=False`, so a rerun replaces a file with itself
  and never makes a "(1)" conflict copy;
- Dropbox's content hash is computed while reading and compared with what Dropbox reports;
  a mismatch is uploaded again, then reported.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from dropbox import files as dbx_files

from migration.content_hash import ContentHasher
from migration.transfer.dropbox_calls import DropboxCaller
from migration.transfer.upload_items import (
    APPEND_BATCH_LIMIT,
    APPEND_ENTRY_OVERHEAD,
    ARG_HEADER_BUDGET,
    MAX_ATTEMPTS,
    Status,
    UploadItem,
    UploadOutcome,
    changed_outcome,
    commit_info,
    describe_api_error,
    differs_from_scan,
    mismatch_outcome,
    open_for_reading,
    read_error_outcome,
)


@dataclass
class _ReadFile:
    item: UploadItem
    data: bytes
    content_hash: str
    mtime: float


@dataclass
class _Tally:
    outcomes: dict[int, UploadOutcome] = field(default_factory=dict)

    def set(self, outcome: UploadOutcome) -> None:
        self.outcomes[outcome.key] = outcome


def read_small_file(item: UploadItem) -> _ReadFile | UploadOutcome:
    """Read a whole small file, hashing it; CHANGED when it is not the file the scan saw."""
    try:
        fd = open_for_reading(item)
    except OSError as error:
        return read_error_outcome(item, error)
    try:
        before = os.fstat(fd)
        if differs_from_scan(before, item):
            return changed_outcome(item)
        pieces = []
        while piece := os.read(fd, max(before.st_size + 1, 65536)):
            pieces.append(piece)
        data = b"".join(pieces)
        after = os.stat(item.source_path, follow_symlinks=False)
    except OSError as error:
        return read_error_outcome(item, error)
    finally:
        os.close(fd)
    if len(data) != before.st_size or (after.st_size, after.st_mtime_ns) != (
        before.st_size,
        before.st_mtime_ns,
    ):
        return changed_outcome(item)
    hasher = ContentHasher()
    hasher.update(data)
    return _ReadFile(item=item, data=data, content_hash=hasher.hexdigest(), mtime=before.st_mtime)


def _is_retryable_finish_error(error: dbx_files.UploadSessionFinishError) -> bool:
    """Transient per-entry failures worth another upload; path errors are not."""
    if error.is_path():
        write_error = error.get_path()
        return write_error.is_too_many_write_operations()
    return not error.is_properties_error() and not error.is_payload_too_large()


def upload_small_files(
    caller: DropboxCaller, items: list[UploadItem], *, heartbeat: Callable[[], None] | None = None
) -> list[UploadOutcome]:
    """Upload up to 1,000 small files in five calls: start_batch, append_batch (three), finish_batch_v2.

    1. Read and hash every file; changed or unreadable ones leave the batch with their outcome.
    2. start_batch opens one session per file; append_batch sends all contents in one body,
       (see _appends_per_call) closing each session; finish_batch_v2 commits them all in one call (under the
       namespace's commit lock).
    3. Entries that failed for a passing reason, or whose content hash Dropbox reports
       differently, go round again (a new session each); after MAX_ATTEMPTS they are FAILED.
    """
    tally = _Tally()
    pending = list(items)
    attempts: dict[int, int] = {}
    for attempt in range(1, MAX_ATTEMPTS + 1):
        ready: list[_ReadFile] = []
        for item in pending:
            attempts[item.key] = attempt
            read = read_small_file(item)
            if isinstance(read, UploadOutcome):
                tally.set(read)
            else:
                ready.append(read)
        if not ready:
            break
        pending = _upload_ready_batch(caller, ready, tally, heartbeat=heartbeat or (lambda: None))
        del ready
        if not pending:
            break
    for item in pending:
        outcome = tally.outcomes.get(item.key)
        if outcome is None or outcome.status != Status.FAILED:
            tally.set(UploadOutcome(item.key, Status.FAILED, message=_("The upload failed.")))
    for outcome in tally.outcomes.values():
        outcome.attempts = attempts.get(outcome.key, 1)
    return [tally.outcomes[item.key] for item in items]


def _upload_ready_batch(
    caller: DropboxCaller, ready: list[_ReadFile], tally: _Tally, *, heartbeat: Callable[[], None]
) -> list[UploadItem]:
    """One round of start_batch/append_batch/finish_batch_v2; returns the items to try again."""
    retry: list[UploadItem] = []
    session_ids = caller.write("files_upload_session_start_batch", len(ready)).session_ids
    heartbeat()
    append_results = []
    per_call = _appends_per_call(session_ids)
    for start in range(0, len(ready), per_call):
        part = ready[start : start + per_call]
        entries = [
            dbx_files.UploadSessionAppendBatchArgEntry(
                cursor=dbx_files.UploadSessionCursor(session_id=session_id, offset=0),
                length=len(read.data),
                close=True,
            )
            for session_id, read in zip(session_ids[start : start + per_call], part, strict=True)
        ]
        body = b"".join(read.data for read in part)
        append_results.extend(caller.write("files_upload_session_append_batch", body, entries).entries)
        del body
        heartbeat()
    finish_entries = []
    committing: list[_ReadFile] = []
    for session_id, read, result in zip(session_ids, ready, append_results, strict=True):
        if result.is_failure() and not _append_already_landed(result.get_failure(), len(read.data)):
            tally.set(
                UploadOutcome(read.item.key, Status.FAILED, message=describe_api_error(result.get_failure()))
            )
            retry.append(read.item)
            continue
        committing.append(read)
        finish_entries.append(
            dbx_files.UploadSessionFinishArg(
                cursor=dbx_files.UploadSessionCursor(session_id=session_id, offset=len(read.data)),
                commit=commit_info(read.item, read.mtime),
            )
        )
    if not finish_entries:
        return retry
    finished = caller.commit("files_upload_session_finish_batch_v2", finish_entries)
    heartbeat()
    for read, result in zip(committing, finished.entries, strict=True):
        if result.is_success():
            metadata = result.get_success()
            if metadata.content_hash != read.content_hash:
                tally.set(mismatch_outcome(read.item, read.content_hash, metadata.content_hash))
                retry.append(read.item)
                continue
            tally.set(UploadOutcome(read.item.key, Status.UPLOADED, read.content_hash, metadata.rev))
        else:
            error = result.get_failure()
            tally.set(UploadOutcome(read.item.key, Status.FAILED, message=describe_api_error(error)))
            if _is_retryable_finish_error(error):
                retry.append(read.item)
    return retry


def _appends_per_call(session_ids: list[str]) -> int:
    """Sessions per append_batch call: at most 500, and few enough that the call's argument,
    which travels in the Dropbox-API-Arg header, stays under the 64 KiB servers accept for a
    header line (about 400 with Dropbox's session ids: 1,000 small files cost five calls)."""
    longest = max((len(session_id) for session_id in session_ids), default=60)
    return max(1, min(APPEND_BATCH_LIMIT, ARG_HEADER_BUDGET // (longest + APPEND_ENTRY_OVERHEAD)))


def _append_already_landed(error, length: int) -> bool:
    """A retried append_batch whose first try reached Dropbox: the offset is already at the end."""
    return error.is_incorrect_offset() and error.get_incorrect_offset().correct_offset == length
