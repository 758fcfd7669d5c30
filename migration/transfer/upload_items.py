"""What an upload is made of, shared by the small-file batches (migration.transfer.uploader) and the
large-file sessions (migration.transfer.large_files): the limits, the item to upload, its
outcome, and the steps both take (open below the share's root, compare with the scan, the
commit arguments, the outcome of a read error, a change or a hash mismatch)."""

import enum
import errno
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from dropbox import files as dbx_files

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


def open_for_reading(item: UploadItem) -> int:
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


def differs_from_scan(stat: os.stat_result, item: UploadItem) -> bool:
    return stat.st_size != item.size or stat.st_mtime_ns != item.mtime_ns


def read_error_outcome(item: UploadItem, error: OSError) -> UploadOutcome:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return UploadOutcome(item.key, Status.CHANGED, message=_("The file is gone from the source."))
    if error.errno in (errno.ELOOP, errno.EXDEV):
        return UploadOutcome(item.key, Status.FAILED, message=_("The path is now a symbolic link."))
    return UploadOutcome(
        item.key,
        Status.FAILED,
        message=_("The file could not be read: %(reason)s.") % {"reason": error.strerror},
    )


def changed_outcome(item: UploadItem) -> UploadOutcome:
    return UploadOutcome(
        item.key, Status.CHANGED, message=_("The file changed after the scan or while it was read.")
    )


def mismatch_outcome(item: UploadItem, local_hash: str, dropbox_hash: str) -> UploadOutcome:
    return UploadOutcome(
        item.key,
        Status.FAILED,
        content_hash=local_hash,
        message=_("Dropbox reports a different content hash than the file read."),
        dropbox_content_hash=dropbox_hash,
    )


def commit_info(item: UploadItem, mtime: float) -> dbx_files.CommitInfo:
    return dbx_files.CommitInfo(
        path=item.dropbox_path,
        mode=dbx_files.WriteMode.overwrite,
        autorename=False,
        client_modified=datetime.fromtimestamp(int(mtime), tz=UTC).replace(tzinfo=None),
        mute=True,
        strict_conflict=False,
    )


def describe_api_error(error) -> str:
    return str(error)[:500]
