"""Uploading files to Dropbox: small ones many per call, large ones in chunks.

Pure of the database: it takes `UploadItem`s and returns one `UploadOutcome` per item;
`migration.bulk` maps manifest rows to items and outcomes back to rows.

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

import enum
import errno
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from dropbox import files as dbx_files
from dropbox.exceptions import ApiError

from migration.content_hash import BLOCK_SIZE, ContentHasher
from migration.dropbox_calls import DropboxCaller
from migration.session_memo import memo_key, session_memo
from migration.source_roots import open_beneath

# Files up to this size travel in batches; larger ones in their own chunked session.
SMALL_FILE_LIMIT = 4 * 1024 * 1024
# One append_batch request carries at most this much (Dropbox allows 150 MiB); it bounds memory.
BATCH_BYTES_LIMIT = 48 * 1024 * 1024
BATCH_FILES_LIMIT = 1000  # start_batch and finish_batch_v2 take at most 1,000 entries
APPEND_BATCH_LIMIT = 500  # append_batch takes at most 500
ARG_HEADER_BUDGET = 60_000  # bytes of JSON in one Dropbox-API-Arg header
APPEND_ENTRY_OVERHEAD = 90  # bytes of an append entry's JSON besides its session id
LARGE_CHUNK_SIZE = 16 * 1024 * 1024  # a multiple of 4 MiB, so chunk hashes reuse block digests
MAX_ATTEMPTS = 3


class Status(enum.StrEnum):
    UPLOADED = "uploaded"
    CHANGED = "changed"  # changed since the scan or while read: left for the delta
    FAILED = "failed"


@dataclass(frozen=True)
class UploadItem:
    key: int
    source_path: bytes  # absolute path on the migration host, as the file system spells it
    dropbox_path: str
    size: int
    mtime_ns: int  # as the scan saw it
    # The share's real path (migration.source_roots.confined_source_path), `source_path` lies below
    # it; when set the file is opened name by name from here. Empty: `source_path` as it is.
    source_root: bytes = b""


@dataclass
class UploadOutcome:
    key: int
    status: Status
    content_hash: str = ""
    rev: str = ""
    message: str = ""
    attempts: int = 1
    # What Dropbox reported when it differs from `content_hash` (the file read): a damaged upload.
    dropbox_content_hash: str = ""

    @property
    def content_hash_mismatch(self) -> bool:
        return bool(self.dropbox_content_hash) and self.dropbox_content_hash != self.content_hash


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


def _open_for_reading(item: UploadItem) -> int:
    if item.source_root:
        prefix = item.source_root.rstrip(b"/") + b"/"
        if not item.source_path.startswith(prefix):
            raise OSError(errno.EXDEV, "outside the share", item.source_path)
        return open_beneath(item.source_root, item.source_path[len(prefix) :])
    path = item.source_path
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(path, flags | noatime)
        except PermissionError:
            pass  # O_NOATIME is only allowed to the file's owner
    return os.open(path, flags)


def _differs_from_scan(stat: os.stat_result, item: UploadItem) -> bool:
    return stat.st_size != item.size or stat.st_mtime_ns != item.mtime_ns


def _read_error_outcome(item: UploadItem, error: OSError) -> UploadOutcome:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return UploadOutcome(item.key, Status.CHANGED, message=_("The file is gone from the source."))
    if error.errno in (errno.ELOOP, errno.EXDEV):
        return UploadOutcome(item.key, Status.FAILED, message=_("The path is now a symbolic link."))
    return UploadOutcome(
        item.key,
        Status.FAILED,
        message=_("The file could not be read: %(reason)s.") % {"reason": error.strerror},
    )


def _changed_outcome(item: UploadItem) -> UploadOutcome:
    return UploadOutcome(
        item.key, Status.CHANGED, message=_("The file changed after the scan or while it was read.")
    )


def read_small_file(item: UploadItem) -> _ReadFile | UploadOutcome:
    """Read a whole small file, hashing it; CHANGED when it is not the file the scan saw."""
    try:
        fd = _open_for_reading(item)
    except OSError as error:
        return _read_error_outcome(item, error)
    try:
        before = os.fstat(fd)
        if _differs_from_scan(before, item):
            return _changed_outcome(item)
        pieces = []
        while piece := os.read(fd, max(before.st_size + 1, 65536)):
            pieces.append(piece)
        data = b"".join(pieces)
        after = os.stat(item.source_path, follow_symlinks=False)
    except OSError as error:
        return _read_error_outcome(item, error)
    finally:
        os.close(fd)
    if len(data) != before.st_size or (after.st_size, after.st_mtime_ns) != (
        before.st_size,
        before.st_mtime_ns,
    ):
        return _changed_outcome(item)
    hasher = ContentHasher()
    hasher.update(data)
    return _ReadFile(item=item, data=data, content_hash=hasher.hexdigest(), mtime=before.st_mtime)


def _mismatch_outcome(item: UploadItem, local_hash: str, dropbox_hash: str) -> UploadOutcome:
    return UploadOutcome(
        item.key,
        Status.FAILED,
        content_hash=local_hash,
        message=_("Dropbox reports a different content hash than the file read."),
        dropbox_content_hash=dropbox_hash,
    )


def _commit_info(item: UploadItem, mtime: float) -> dbx_files.CommitInfo:
    return dbx_files.CommitInfo(
        path=item.dropbox_path,
        mode=dbx_files.WriteMode.overwrite,
        autorename=False,
        client_modified=datetime.fromtimestamp(int(mtime), tz=UTC).replace(tzinfo=None),
        mute=True,
        strict_conflict=False,
    )


def _describe_api_error(error) -> str:
    return str(error)[:500]


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
                UploadOutcome(read.item.key, Status.FAILED, message=_describe_api_error(result.get_failure()))
            )
            retry.append(read.item)
            continue
        committing.append(read)
        finish_entries.append(
            dbx_files.UploadSessionFinishArg(
                cursor=dbx_files.UploadSessionCursor(session_id=session_id, offset=len(read.data)),
                commit=_commit_info(read.item, read.mtime),
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
                tally.set(_mismatch_outcome(read.item, read.content_hash, metadata.content_hash))
                retry.append(read.item)
                continue
            tally.set(UploadOutcome(read.item.key, Status.UPLOADED, read.content_hash, metadata.rev))
        else:
            error = result.get_failure()
            tally.set(UploadOutcome(read.item.key, Status.FAILED, message=_describe_api_error(error)))
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


# Large files ----------------------------------------------------------------------------


class _FileChanged(Exception):
    pass


class _LargeRead:
    """Reads a file in chunks aligned to 4 MiB, keeping each block's SHA-256 once, so the
    chunk's content hash (sent with the chunk) and the file's come from the same digests."""

    def __init__(self, fd: int, item: UploadItem, chunk_size: int):
        assert chunk_size % BLOCK_SIZE == 0
        self.fd = fd
        self.item = item
        self.chunk_size = chunk_size
        self.block_digests: list[bytes] = []
        self.before = os.fstat(fd)

    def chunk_at(self, offset: int) -> tuple[bytes, str]:
        if offset % BLOCK_SIZE:
            if offset == self.before.st_size:
                # The end of a file shorter than one chunk (the first chunk took it all): nothing
                # is left to read, and the last block's digest must stay.
                return b"", hashlib.sha256(b"").hexdigest()
            raise _FileChanged  # Dropbox named an offset we cannot resume from cleanly
        data = os.pread(self.fd, self.chunk_size, offset)
        digests = [hashlib.sha256(data[i : i + BLOCK_SIZE]).digest() for i in range(0, len(data), BLOCK_SIZE)]
        first_block = offset // BLOCK_SIZE
        del self.block_digests[first_block:]
        self.block_digests.extend(digests)
        return data, hashlib.sha256(b"".join(digests)).hexdigest()

    def file_hash(self) -> str:
        return hashlib.sha256(b"".join(self.block_digests)).hexdigest()

    def check_unchanged(self, size_read: int) -> None:
        after = os.stat(self.item.source_path, follow_symlinks=False)
        same = (after.st_size, after.st_mtime_ns) == (self.before.st_size, self.before.st_mtime_ns)
        if not same or size_read != self.before.st_size:
            raise _FileChanged


def upload_large_file(
    caller: DropboxCaller,
    item: UploadItem,
    *,
    chunk_size: int = LARGE_CHUNK_SIZE,
    on_chunk: Callable[[int], None] | None = None,
) -> UploadOutcome:
    """Upload one file through a chunked session; try again on a hash mismatch, then report.

    `on_chunk(offset)` is called after each chunk Dropbox accepted (the batch keeps its claim fresh).
    """
    outcome = UploadOutcome(item.key, Status.FAILED, message=_("The upload failed."))
    for attempt in range(1, MAX_ATTEMPTS + 1):
        outcome = _upload_large_once(caller, item, chunk_size, on_chunk or (lambda offset: None))
        outcome.attempts = attempt
        if not outcome.content_hash_mismatch:
            return outcome
    return outcome


def _upload_large_once(
    caller: DropboxCaller, item: UploadItem, chunk_size: int, on_chunk: Callable[[int], None]
) -> UploadOutcome:
    """1. Start a session with the first chunk, or resume the session an earlier worker left
       (session_memo), hashing the part already sent from the file;
    2. append_v2 each following chunk, resuming at Dropbox's `correct_offset` when an earlier
       try did land, and recording the offset reached;
    3. check the file did not change, and finish with the last chunk, comparing the content hash."""
    memo = session_memo()
    key = memo_key(key=item.key, dropbox_path=item.dropbox_path, size=item.size, mtime_ns=item.mtime_ns)
    try:
        fd = _open_for_reading(item)
    except OSError as error:
        return _read_error_outcome(item, error)
    try:
        resumed = False
        reader = _LargeRead(fd, item, chunk_size)
        if _differs_from_scan(reader.before, item):
            memo.forget(key)
            return _changed_outcome(item)
        session_id, offset, resumed = _session_to_continue(caller, reader, memo, key)
        on_chunk(offset)
        while True:
            data, chunk_hash = reader.chunk_at(offset)
            if len(data) < chunk_size:
                break  # the last chunk (possibly empty) travels with finish
            offset = _append_chunk(caller, reader, session_id, offset, data, chunk_hash)
            memo.put(key, session_id, offset)
            on_chunk(offset)
        reader.check_unchanged(offset + len(data))
        metadata = caller.write(
            "files_upload_session_finish",
            data,
            dbx_files.UploadSessionCursor(session_id=session_id, offset=offset),
            _commit_info(item, reader.before.st_mtime),
            content_hash=chunk_hash,
        )
        local_hash = reader.file_hash()
    except _FileChanged:
        memo.forget(key)
        return _changed_outcome(item)
    except OSError as error:
        return _read_error_outcome(item, error)
    except ApiError as error:
        memo.forget(key)  # a session Dropbox refuses is no use to the next try
        if resumed:
            return _upload_large_once(caller, item, chunk_size, on_chunk)  # gone or closed: start afresh
        return UploadOutcome(item.key, Status.FAILED, message=_describe_api_error(error.error))
    finally:
        os.close(fd)
    memo.forget(key)
    if metadata.content_hash != local_hash:
        return _mismatch_outcome(item, local_hash, metadata.content_hash)
    return UploadOutcome(item.key, Status.UPLOADED, local_hash, metadata.rev)


def _session_to_continue(caller, reader: _LargeRead, memo, key: str) -> tuple[str, int, bool]:
    """(session id, offset, resumed): the recorded session with the part already sent hashed
    again from the file, or a new session started with the first chunk."""
    recorded = memo.get(key)
    if recorded and recorded[1] % reader.chunk_size == 0:
        session_id, offset = recorded
        for sent in range(0, offset, reader.chunk_size):
            reader.chunk_at(sent)  # only to hash it: Dropbox has these bytes
        return session_id, offset, True
    data, chunk_hash = reader.chunk_at(0)
    session_id = caller.write("files_upload_session_start", data, content_hash=chunk_hash).session_id
    memo.put(key, session_id, len(data))
    return session_id, len(data), False


def _append_chunk(caller, reader: _LargeRead, session_id: str, offset: int, data: bytes, chunk_hash: str):
    """Append one chunk; returns the new offset. On `incorrect_offset` continue from where
    Dropbox says it is (a dropped connection may have delivered a try we thought lost)."""
    for _attempt in range(MAX_ATTEMPTS * 2):
        try:
            caller.write(
                "files_upload_session_append_v2",
                data,
                dbx_files.UploadSessionCursor(session_id=session_id, offset=offset),
                close=False,
                content_hash=chunk_hash,
            )
            return offset + len(data)
        except ApiError as error:
            lookup = error.error
            if not (hasattr(lookup, "is_incorrect_offset") and lookup.is_incorrect_offset()):
                raise
            correct = lookup.get_incorrect_offset().correct_offset
            if correct == offset + len(data):
                return correct
            offset = correct
            data, chunk_hash = reader.chunk_at(offset)
    raise _FileChanged
