"""The walk of the share into the manifest. Read-only on the source, bounded in memory.

`scan_share(scan=..., source=...)` walks the share with `os.scandir`, one folder at a time, never
following symlinks and never opening a file except to compute a content hash where size and mtime
cannot tell whether a file changed. For each folder it:

1. lists the entries and lstat()s them (scandir gives that for free on most file systems);
2. reads the manifest rows of that folder (one query, and only when a manifest exists);
3. plans the Dropbox names (migration.naming), letting names already placed keep their targets;
4. queues new rows for `bulk_create`, changed rows for `bulk_update`, exceptions for `bulk_create`,
   and writes them every BATCH_SIZE rows;
5. remembers the rows that vanished from the folder; at the end migration.reconcile pairs them
   with new rows as moves (same inode, or same size and content hash) and marks the rest deleted.

Memory holds one folder's entries, the stack of folders still to visit, the write buffers, the
summary counters, and (on a rescan) the rows that changed — never the whole tree.
"""

import heapq
import os
import stat
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from migration import naming
from migration.models import ManifestEntry, MigrationSource, ScanException, ScanRun

BATCH_SIZE = 2000
PROGRESS_EVERY = 5000
LARGEST_KEPT = 20
TYPES_KEPT = 200
IN_DROPBOX = (
    ManifestEntry.State.UPLOADED,
    ManifestEntry.State.VERIFIED,
    ManifestEntry.State.DELETED_IN_SOURCE,
)
_EXISTING_FIELDS = (
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


@dataclass
class Summary:
    files: int = 0
    folders: int = 0
    bytes: int = 0
    exceptions: int = 0
    by_top: dict = field(default_factory=dict)
    by_type: dict = field(default_factory=dict)
    largest: list = field(default_factory=list)  # heap of (size, path)
    exception_counts: Counter = field(default_factory=Counter)

    def add_file(self, path: str, size: int) -> None:
        self.files += 1
        self.bytes += size
        top = path.split("/", 1)[0] if "/" in path else ""
        counts = self.by_top.setdefault(top, [0, 0])
        counts[0] += 1
        counts[1] += size
        extension = naming.split_extension(path.rsplit("/", 1)[-1], is_folder=False)[1].lower() or "–"
        if extension not in self.by_type and len(self.by_type) >= TYPES_KEPT:
            extension = "…"
        counts = self.by_type.setdefault(extension, [0, 0])
        counts[0] += 1
        counts[1] += size
        if len(self.largest) < LARGEST_KEPT:
            heapq.heappush(self.largest, (size, path))
        elif size > self.largest[0][0]:
            heapq.heapreplace(self.largest, (size, path))

    def add_exception(self, code: str) -> None:
        self.exceptions += 1
        self.exception_counts[code] += 1


class SourceUnavailable(Exception):
    pass


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return ManifestEntry.Kind.SYMLINK
    if stat.S_ISDIR(mode):
        return ManifestEntry.Kind.FOLDER
    if stat.S_ISREG(mode):
        return ManifestEntry.Kind.FILE
    return ManifestEntry.Kind.SPECIAL


def is_unreadable(absolute: bytes, mode: int) -> bool:
    """True when the migration could not read the entry.

    os.access answers for the user we run as; root passes it for every file, so a file that has no
    read bit for anyone (chmod 000) counts as unreadable too — a worker not running as root could
    not read it, and the customer's own users cannot either.
    """
    wanted = os.R_OK | os.X_OK if stat.S_ISDIR(mode) else os.R_OK
    return not (mode & 0o444) or not os.access(absolute, wanted)


def _relative(parent: bytes, name: bytes) -> bytes:
    return parent + b"/" + name if parent else name


class ShareScanner:
    """One scan of one share. Use `scan_share()`."""

    def __init__(self, *, scan: ScanRun, source: MigrationSource, progress: Callable | None = None):
        self.scan = scan
        self.source = source
        self.engagement_id = scan.engagement_id
        self.root = os.fsencode(source.source_path.rstrip("/") or "/")
        self.progress = progress
        self.summary = Summary()
        self.has_manifest = ManifestEntry.objects.filter(engagement_id=self.engagement_id).exists()
        self.to_create: list[ManifestEntry] = []
        self.to_update: list[ManifestEntry] = []
        self.exceptions: list[ScanException] = []
        self.deleted_ids: list[int] = []
        self.vanished: list[Existing] = []  # rows in Dropbox whose source entry is gone
        self.created: list[NewRow] = []  # rows created on a rescan, move candidates
        self.seen = 0

    # -- the walk -------------------------------------------------------------------------------

    def run(self) -> Summary:
        if not os.path.isdir(self.root):
            raise SourceUnavailable(self.source.source_path)
        stack: list[tuple[bytes, str | None]] = [(b"", None)]
        while stack:
            relative, target = stack.pop()
            subfolders = self._scan_folder(relative, target)
            stack.extend(reversed(subfolders))
        self._flush(final=True)
        return self.summary

    def _list(self, relative: bytes) -> list[tuple[bytes, os.stat_result]] | None:
        absolute = self.root + b"/" + relative if relative else self.root
        try:
            with os.scandir(absolute) as iterator:
                return [(entry.name, entry.stat(follow_symlinks=False)) for entry in iterator]
        except OSError:
            return None

    def _existing(self, parent: str) -> dict[str, Existing]:
        if not self.has_manifest:
            return {}
        rows = ManifestEntry.objects.filter(engagement_id=self.engagement_id, parent_path=parent).values_list(
            *_EXISTING_FIELDS
        )
        return {row[1]: Existing(*row) for row in rows}

    def _scan_folder(self, relative: bytes, folder_target: str | None) -> list[tuple[bytes, str]]:
        listing = self._list(relative)
        parent = naming.display_name(relative)
        if listing is None:
            # Listed as readable by its parent, then not: report it, keep its rows as they are.
            self._exception(naming_code="unreadable", path=parent, target="", entry_message="")
            return []
        existing = self._existing(parent)
        listing.sort()
        entries = []  # (name, st, kind, skip_code)
        plannable = []
        for name, st in listing:
            kind = _kind_of(st.st_mode)
            skip = None
            if kind == ManifestEntry.Kind.SYMLINK:
                skip = "symlink"
            elif kind == ManifestEntry.Kind.SPECIAL:
                skip = "special_file"
            elif is_unreadable(self.root + b"/" + _relative(relative, name), st.st_mode):
                skip = "unreadable"
            else:
                plannable.append((name, kind == ManifestEntry.Kind.FOLDER))
            entries.append((name, st, kind, skip))

        seen_paths = {naming.display_name(_relative(relative, name)) for name, _ in listing}
        gone = [row for path, row in existing.items() if path not in seen_paths]
        kept = {}
        for name, _is_folder in plannable:
            row = existing.get(naming.display_name(_relative(relative, name)))
            if row and row.action == ManifestEntry.Action.MIGRATE and row.target_path:
                kept[name] = row.target_path.rsplit("/", 1)[-1]
        taken = {
            naming.collision_key(row.target_path.rsplit("/", 1)[-1])
            for row in gone
            if row.state in IN_DROPBOX
        }
        plans = naming.plan_folder(plannable, kept=kept, taken=taken)

        subfolders = []
        for name, st, kind, skip in entries:
            rel = _relative(relative, name)
            path = naming.display_name(rel)
            plan = plans.get(name)
            if plan is not None and plan.skip:
                skip = plan.skip
            target = ""
            codes: list[str] = []
            if skip is None:
                mapped = self.source.folder_mapping.get(path) if folder_target is None else None
                if mapped and kind == ManifestEntry.Kind.FOLDER:
                    target = "/" + mapped.strip("/")
                else:
                    target = naming.join_target(folder_target or self.source.target_root, plan.target)
                codes = list(plan.codes)
                if naming.path_too_long(target):
                    codes.append(naming.PATH_TOO_LONG)
                if kind == ManifestEntry.Kind.FOLDER:
                    subfolders.append((rel, target))
            self._record(
                rel=rel, path=path, parent=parent, st=st, kind=kind, skip=skip, target=target,
                codes=codes, plan=plan, existing=existing.get(path),
            )  # fmt: skip
        for row in gone:
            self._vanish(row)
        return subfolders

    # -- one entry ------------------------------------------------------------------------------

    def _record(self, *, rel, path, parent, st, kind, skip, target, codes, plan, existing) -> None:
        is_file = kind == ManifestEntry.Kind.FILE
        size = st.st_size if is_file else 0
        issues = [skip] if skip else codes
        action = ManifestEntry.Action.SKIP if skip else ManifestEntry.Action.MIGRATE
        if skip:
            self._exception(naming_code=skip, path=path, target="", entry_message="")
        else:
            for code in codes:
                message = plan.collides_with if code in (naming.CASE_COLLISION, naming.UNICODE_TWIN) else ""
                self._exception(naming_code=code, path=path, target=target, entry_message=message)
            if is_file:
                self.summary.add_file(path, size)
            elif kind == ManifestEntry.Kind.FOLDER:
                self.summary.folders += 1
        values = {
            "kind": kind,
            "size": size,
            "mtime_ns": st.st_mtime_ns,
            "inode": st.st_ino,
            "target_path": target,
            "target_path_lower": target.lower(),
            "action": action,
            "issues": issues,
        }
        if existing is None:
            raw = None if rel.decode("utf-8", "ignore").encode("utf-8") == rel else rel
            self.to_create.append(
                ManifestEntry(
                    engagement_id=self.engagement_id,
                    source_path=path,
                    source_path_raw=raw,
                    parent_path=parent,
                    last_seen_scan=self.scan,
                    **values,
                )
            )
            if self.has_manifest and action == ManifestEntry.Action.MIGRATE:
                self.created.append(NewRow(path, self.root + b"/" + rel, kind, size, st.st_ino))
        else:
            self._update(existing, values, absolute=self.root + b"/" + rel)
        self.seen += 1
        if len(self.to_create) + len(self.to_update) >= BATCH_SIZE:
            self._flush()
        if self.seen % PROGRESS_EVERY == 0:
            self._report_progress()

    def _update(self, row: Existing, values: dict, *, absolute: bytes) -> None:
        from migration.reconcile import content_hash_of

        changes = {key: value for key, value in values.items() if getattr(row, key, value) != value}
        if row.target_path.lower() != values["target_path_lower"]:
            changes["target_path_lower"] = values["target_path_lower"]
        if row.state == ManifestEntry.State.DELETED_IN_SOURCE:
            changes["state"] = ManifestEntry.State.PENDING
        if not changes:
            return
        content_touched = "size" in changes or "mtime_ns" in changes or row.kind != values["kind"]
        if content_touched and row.state in (ManifestEntry.State.UPLOADED, ManifestEntry.State.VERIFIED):
            # Same size, new mtime: only the content hash can tell (a touch, or a save of the same bytes).
            same_content = (
                "size" not in changes
                and row.content_hash
                and values["kind"] == ManifestEntry.Kind.FILE
                and content_hash_of(absolute) == row.content_hash
            )
            if not same_content:
                changes["state"] = ManifestEntry.State.PENDING
        if "target_path" in changes and row.state in IN_DROPBOX and not row.pending_move_from:
            changes["pending_move_from"] = row.target_path
        entry = ManifestEntry(pk=row.pk, last_seen_scan=self.scan, **{**values, **changes})
        entry._changed_fields = set(changes) | {"last_seen_scan"}
        self.to_update.append(entry)

    def _vanish(self, row: Existing) -> None:
        """The row's entry is gone from its folder: forget it, or keep it for reconcile."""
        rows = [row]
        if row.kind == ManifestEntry.Kind.FOLDER:
            prefix = row.source_path + "/"
            rows += [
                Existing(*values)
                for values in ManifestEntry.objects.filter(
                    engagement_id=self.engagement_id, source_path__startswith=prefix
                ).values_list(*_EXISTING_FIELDS)
                if values[1].startswith(prefix)  # SQLite's LIKE ignores case
            ]
        for gone in rows:
            if gone.state in IN_DROPBOX and gone.action == ManifestEntry.Action.MIGRATE:
                self.vanished.append(gone)
            elif gone.kind == ManifestEntry.Kind.FOLDER and gone.action == ManifestEntry.Action.MIGRATE:
                self.vanished.append(gone)  # folders may be in Dropbox through their files
            else:
                self.deleted_ids.append(gone.pk)
        if len(self.deleted_ids) >= BATCH_SIZE:
            self._flush()

    def _exception(self, *, naming_code: str, path: str, target: str, entry_message: str) -> None:
        self.summary.add_exception(naming_code)
        self.exceptions.append(
            ScanException(
                engagement_id=self.engagement_id,
                scan=self.scan,
                code=naming_code,
                source_path=path,
                target_path=target,
                message=entry_message,
            )
        )

    # -- writing --------------------------------------------------------------------------------

    def _flush(self, *, final: bool = False) -> None:
        with transaction.atomic():
            if self.deleted_ids:
                ManifestEntry.objects.filter(pk__in=self.deleted_ids).delete()
                self.deleted_ids = []
            if self.to_update:
                by_fields: dict[frozenset, list[ManifestEntry]] = {}
                for entry in self.to_update:
                    by_fields.setdefault(frozenset(entry._changed_fields), []).append(entry)
                for fields, entries in by_fields.items():
                    ManifestEntry.objects.bulk_update(entries, sorted(fields), batch_size=500)
                self.to_update = []
            if self.to_create:
                ManifestEntry.objects.bulk_create(self.to_create, batch_size=BATCH_SIZE)
                self.to_create = []
            if self.exceptions and (final or len(self.exceptions) >= BATCH_SIZE):
                ScanException.objects.bulk_create(self.exceptions, batch_size=BATCH_SIZE)
                self.exceptions = []

    def _report_progress(self) -> None:
        ScanRun.objects.filter(pk=self.scan.pk).update(
            files=self.summary.files,
            folders=self.summary.folders,
            bytes=self.summary.bytes,
            exceptions=self.summary.exceptions,
            progress_at=timezone.now(),
        )
        if self.progress is not None:
            self.progress(self.summary)


def scan_share(*, scan: ScanRun, source: MigrationSource, progress: Callable | None = None) -> ShareScanner:
    """Walk the share into the manifest; returns the scanner (summary, vanished and created rows)."""
    scanner = ShareScanner(scan=scan, source=source, progress=progress)
    scanner.run()
    return scanner
