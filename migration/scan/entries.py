"""The pieces of the walk that look at one entry or one manifest row: kinds, readability, and
whether a rescan may skip an entry. Shared by the
scan's modules (migration.scan.share, .rescan, .recording)."""

import json
import stat
from dataclasses import dataclass

from migration.models import ManifestEntry

IN_DROPBOX = (
    ManifestEntry.State.UPLOADED,
    ManifestEntry.State.VERIFIED,
    ManifestEntry.State.DELETED_IN_SOURCE,
)
EXISTING_FIELDS = (
    "pk",
    "source_path",
    "kind",
    "size",
    "mtime_ns",
    "inode",
    "target_path",
    "action",
    "issues",
    "state",
    "content_hash",
    "pending_move_from",
)


@dataclass
class Existing:
    pk: int
    source_path: str
    kind: str
    size: int
    mtime_ns: int
    inode: int
    target_path: str
    action: str
    issues: list
    state: str
    content_hash: str
    pending_move_from: str


@dataclass
class NewRow:
    """What reconcile needs of a row this scan created."""

    source_path: str
    absolute: bytes
    kind: str
    size: int
    inode: int
    mtime_ns: int


class SourceUnavailable(Exception):
    pass


def kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return ManifestEntry.Kind.SYMLINK
    if stat.S_ISDIR(mode):
        return ManifestEntry.Kind.FOLDER
    if stat.S_ISREG(mode):
        return ManifestEntry.Kind.FILE
    return ManifestEntry.Kind.SPECIAL


def issues_of(row: tuple) -> list:
    issues = row[8]
    if isinstance(issues, str):  # SQLite hands JSON back as text
        return [] if issues == "[]" else json.loads(issues)
    return issues


def as_existing(row: tuple | None) -> "Existing | None":
    """The row (as EXISTING_FIELDS, maybe followed by more columns) as an Existing."""
    return None if row is None else Existing(*row[:8], issues_of(row), *row[9:12])


def unchanged(row: tuple, mode: int, inode: int, size: int, mtime_ns: int) -> bool:
    """Same kind and inode, same size and mtime for a file, and no rename to recompute.

    `row` is a manifest row as EXISTING_FIELDS; a tuple, as this runs for every entry of a rescan.
    """
    if row[5] != inode or row[9] == "deleted_in_source":
        return False
    issues = row[8]
    if issues and issues != "[]" and (row[7] == "migrate" or "unreadable" in issues):
        # Renamed entries go through the name rules again, for their report line; unreadable ones
        # may have been made readable (chmod changes no mtime).
        return False
    kind = row[2]
    if kind == "file":
        return stat.S_ISREG(mode) and row[3] == size and row[4] == mtime_ns
    if kind == "folder":
        return stat.S_ISDIR(mode)
    return kind_of(mode) == kind


def changed_in_place(row: tuple | None, kind: str, folder_target: str | None, name: str) -> bool:
    """A file that keeps its name, its row and its place, no rule touched it before: only its
    content (size, mtime or inode) changed. Its plan is its own name, whatever its siblings do:
    the name rules give a name the same result every time, and its target is its own already
    (the manifest has one row per target)."""
    return (
        row is not None
        and folder_target is not None
        and kind == "file"
        and row[2] == "file"
        and row[7] == "migrate"
        and (not row[8] or row[8] == "[]")
        and row[9] != "deleted_in_source"
        and row[6] == folder_target + "/" + name
    )


def has_invalid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def relative_path(parent: bytes, name: bytes) -> bytes:
    return parent + b"/" + name if parent else name
