"""Uploading one large file to Dropbox in chunks, resuming its upload session where a killed
worker left it (migration.transfer.session_memo). The rules of migration.transfer.uploader's
docstring hold here too."""

import hashlib
import os
from collections.abc import Callable

from django.utils.translation import gettext as _
from dropbox import files as dbx_files
from dropbox.exceptions import ApiError

from migration.content_hash import BLOCK_SIZE
from migration.transfer.dropbox_calls import DropboxCaller
from migration.transfer.session_memo import memo_key, session_memo
from migration.transfer.upload_items import (
    LARGE_CHUNK_SIZE,
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
        fd = open_for_reading(item)
    except OSError as error:
        return read_error_outcome(item, error)
    try:
        resumed = False
        reader = _LargeRead(fd, item, chunk_size)
        if differs_from_scan(reader.before, item):
            memo.forget(key)
            return changed_outcome(item)
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
            commit_info(item, reader.before.st_mtime),
            content_hash=chunk_hash,
        )
        local_hash = reader.file_hash()
    except _FileChanged:
        memo.forget(key)
        return changed_outcome(item)
    except OSError as error:
        return read_error_outcome(item, error)
    except ApiError as error:
        memo.forget(key)  # a session Dropbox refuses is no use to the next try
        if resumed:
            return _upload_large_once(caller, item, chunk_size, on_chunk)  # gone or closed: start afresh
        return UploadOutcome(item.key, Status.FAILED, message=describe_api_error(error.error))
    finally:
        os.close(fd)
    memo.forget(key)
    if metadata.content_hash != local_hash:
        return mismatch_outcome(item, local_hash, metadata.content_hash)
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
