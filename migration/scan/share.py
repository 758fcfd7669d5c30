"""The walk of the share into the manifest. Read-only on the source, bounded in memory.

`scan_share(scan=..., source=...)` walks the share one folder at a time, never following symlinks
and never opening a file except to compute a content hash where size and mtime cannot tell whether
a file changed. For each folder it:

1. takes the folder's entries, lstat()ed and sorted, from the walker process (migration.scan.walk),
   which lists the folders ahead on the other core;
2. reads the manifest rows of that folder (one query, and only when a manifest exists) — or, when
   the folder's row holds the listing a finished scan saw (migration.scan.fingerprint), only the rows
   of the entries that differ from it, and of the subfolders;
3. plans the Dropbox names (migration.scan.naming), letting names already placed keep their targets;
4. queues new and changed rows for migration.scan.manifest_writer (COPY or executemany) and exceptions
   for `bulk_create`, and writes them every BATCH_SIZE rows;
5. remembers the rows that vanished from the folder; at the end migration.scan.reconcile pairs them
   with new rows as moves (same inode, or same size and content hash) and marks the rest deleted;
6. stores the folder's listing on its row, for the next rescan.

Memory holds one folder's entries, the stack of folders still to visit, the write buffers, the
summary counters, and (on a rescan) the rows that changed — never the whole tree.
"""

import os
from collections.abc import Callable
from stat import S_ISREG

from django.db import connection

from migration.models import ManifestEntry, MigrationSource, ScanException, ScanRun
from migration.scan import fingerprint, naming
from migration.scan.entries import (
    EXISTING_FIELDS,
    IN_DROPBOX,
    Existing,
    NewRow,
    SourceUnavailable,
    as_existing,
    changed_in_place,
    issues_of,
    kind_of,
    relative_path,
    unchanged,
)
from migration.scan.manifest_writer import ManifestWriter
from migration.scan.recording import BATCH_SIZE, STREAMED_BATCH_SIZE, EntryRecording
from migration.scan.rescan import StoredListingLookups
from migration.scan.summary import Summary
from migration.scan.walk import FolderListings, is_unreadable
from migration.source_roots import confined_source_path, is_within

# Folders' stored listings held before they are written (about 45 bytes an entry): written
# while the walker still lists, rather than all at the end, when the scan waits for nothing else.
FINGERPRINT_BYTES_PER_FLUSH = 1024 * 1024
PROGRESS_EVERY = 5000


class ShareScanner(StoredListingLookups, EntryRecording):
    """One scan of one share. Use `scan_share()`."""

    def __init__(self, *, scan: ScanRun, source: MigrationSource, progress: Callable | None = None):
        self.scan = scan
        self.source = source
        self.engagement_id = scan.engagement_id
        # The real path, checked against MIGRATION_SOURCE_ROOTS now, as the walk starts.
        self.root = os.fsencode(confined_source_path(source.source_path))
        self.progress = progress
        self.summary = Summary()
        self.has_manifest = ManifestEntry.objects.filter(engagement_id=self.engagement_id).exists()
        # Stored listings count only when the scan that stored them finished (migration.scan.fingerprint).
        self.finished_scans = set(
            ScanRun.objects.filter(engagement_id=self.engagement_id, status=ScanRun.Status.DONE).values_list(
                "pk", flat=True
            )
        )
        if connection.vendor == "sqlite":
            # The manifest's indexes outgrow SQLite's default 2 MB page cache at ~20,000 rows.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -65536")
        quote = connection.ops.quote_name
        columns = ", ".join(quote("id" if name == "pk" else name) for name in EXISTING_FIELDS)
        # The folder's path, to group the rows by without parsing their paths, and its stored
        # listing (for folders) last.
        select = (
            f"SELECT {columns}, {quote('parent_path')}, {quote('listing_fingerprint')} "  # noqa: S608 - names from the model
            f"FROM {quote(ManifestEntry._meta.db_table)} WHERE {quote('engagement_id')} = %%s"
        )
        self._existing_sql = f"{select} AND {quote('parent_path')} IN (%s)"
        self._named_sql = f"{select} AND {quote('source_path')} IN (%s)"
        self._named_any_sql = (select % ()) + f" AND {quote('source_path')} = ANY(%s)"  # PostgreSQL
        self.writer = ManifestWriter()
        self.to_create: list[tuple] = []  # rows for ManifestWriter.insert
        self.to_update: list[tuple] = []  # rows for ManifestWriter.update
        self.exceptions: list[ScanException] = []
        self.deleted_ids: list[int] = []
        self.fingerprints: list[tuple] = []  # (stored listing or None, engagement id, folder's path)
        self._fingerprint_bytes = 0
        self.vanished: list[Existing] = []  # rows in Dropbox whose source entry is gone
        self.created: list[NewRow] = []  # rows created on a rescan, move candidates
        self.seen = 0
        # (relative path, target, stored listing) of the folders still to visit.
        self._stack: list[tuple[bytes, str | None, bytes | None]] = []
        self._prefetched: dict[str, dict[str, tuple]] = {}
        self._changes_ahead: dict[str, tuple[set, dict]] = {}  # folder -> (changed names, their rows)
        self._listings: FolderListings | None = None
        self._reported = 0
        self._new_names: list[str] = []  # files of the current folder, for Summary.add_files
        self._new_sizes: list[int] = []
        # A first scan on PostgreSQL keeps a COPY open while it walks (EntryRecording._stream_queued):
        # it reads nothing from the manifest, so nothing else needs the connection between batches.
        self._streams = connection.vendor == "postgresql" and not self.has_manifest
        self._batch = None  # the open batch's transaction.atomic, while streaming
        self._batch_rows = 0
        self._progress_unsaved = False  # counters reported while a COPY was open, for the ScanRun
        self._held_folders: dict[str, tuple] = {}  # folder rows waiting for their listing, by path
        self._listed_folders: list[tuple[tuple, bytes | None]] = []  # (row, listing) to send

    # -- the walk -------------------------------------------------------------------------------

    def run(self) -> Summary:
        if not os.path.isdir(self.root):
            raise SourceUnavailable(self.source.source_path)
        stack: list[tuple[bytes, str | None, bytes | None]] = [(b"", None, None)]
        self._stack = stack
        try:
            with FolderListings(self.root, find_plain=not self.has_manifest) as listings:
                self._listings = listings
                while stack:
                    relative, target, stored = stack.pop()
                    listing, body, plain = listings.listing_and_fingerprint(relative)
                    subfolders = self._scan_folder(relative, target, listing, body, plain, stored)
                    stack.extend(reversed(subfolders))
            self._flush(final=True)
        except BaseException as error:
            self._batch_abandon(error)
            raise
        return self.summary

    def _scan_folder(
        self,
        relative: bytes,
        folder_target: str | None,
        listing: list | None,
        body: bytes | None,
        plain: int | None,
        stored: bytes | None,
    ) -> list[tuple[bytes, str, bytes | None]]:
        """Record one folder's entries; return the subfolders to visit, sorted. `listing`, its
        encoding `body` and `plain` come from the walker process (see migration.scan.walk);
        `stored` is the listing stored on the folder's row, when its row is unchanged."""
        parent = naming.display_name(relative)
        if listing is None:
            # Listed as readable by its parent, then not: report it, keep its rows as they are.
            self._exception(naming_code="unreadable", path=parent, target="", entry_message="")
            return []
        exceptions_before = self.summary.exceptions
        subfolders: list[tuple[bytes, str, bytes | None]] = []
        old_body = self._trusted_listing(stored) if folder_target is not None else None
        split = None
        if old_body is not None:
            split = self._compare_by_fingerprint(relative, parent, folder_target, listing, body, old_body)
        if split is not None:
            listing, existing, subfolders = split
        else:
            existing = self._existing(parent)
        if not existing and folder_target is not None and plain is not None:
            folders = self._record_plain_folder(relative, parent, listing, folder_target, plain)
            if folders is not None:
                return self._folder_done(parent, folders, [], body, exceptions_before)
        entries = []  # (entry, rel, path, kind, skip, row) of entries that need the name rules
        plannable = []
        unchanged_targets: list[tuple[str, bytes]] = []  # (target, raw name) of unchanged siblings
        unchanged_names: list[str] = []
        unchanged_sizes: list[int] = []
        all_in_place = True  # every entry that needs the name rules is a file changed in place
        prefix = parent + "/" if parent else ""
        for entry in listing:
            name, mode, inode, size, mtime_ns = entry
            try:
                text = name.decode("utf-8")
            except UnicodeDecodeError:
                text = naming.display_name(name)
            path = prefix + text
            # Popped, so what is left in `existing` after the loop is gone from the folder.
            row = existing.pop(path, None)
            if row is None or folder_target is None:
                pass
            elif (
                row[5] == inode
                and row[4] == mtime_ns
                and row[3] == size
                and row[2] == "file"
                and row[7] == "migrate"
                and (not row[8] or row[8] == "[]")
                and row[9] != "deleted_in_source"
                and S_ISREG(mode)
            ):
                # The most common case of a rescan, what unchanged() says of an unchanged file
                # no rule touched, tested inline: nothing to write, the row keeps its target.
                self.seen += 1
                unchanged_targets.append((row[6], name))
                unchanged_names.append(text)
                unchanged_sizes.append(size)
                continue
            elif unchanged(row, mode, inode, size, mtime_ns):
                # The common case of a rescan: nothing to write, the row keeps its target.
                self.seen += 1
                if row[7] == "skip":
                    for code in issues_of(row):
                        self._exception(naming_code=code, path=path, target="", entry_message="")
                    continue
                unchanged_targets.append((row[6], name))
                if row[2] == "file":
                    unchanged_names.append(text)
                    unchanged_sizes.append(row[3])
                else:
                    self.summary.folders += 1
                    subfolders.append((relative_path(relative, name), row[6], row[-1]))
                continue
            rel = relative_path(relative, name)
            kind = kind_of(mode)
            skip = None
            if kind == ManifestEntry.Kind.SYMLINK:
                skip = "symlink" if self._link_stays_inside(rel) else "symlink_outside"
            elif kind == ManifestEntry.Kind.SPECIAL:
                skip = "special_file"
            elif is_unreadable(self.root + b"/" + rel, mode):
                skip = "unreadable"
            else:
                plannable.append((name, kind == ManifestEntry.Kind.FOLDER))
                if not changed_in_place(row, kind, folder_target, text):
                    all_in_place = False
            entries.append((entry, rel, path, kind, skip, row))
        if unchanged_names:
            top = parent.split("/", 1)[0] if parent else ""
            self.summary.add_files(top, unchanged_names, unchanged_sizes, parent)

        gone = [as_existing(row) for row in existing.values()]
        if entries and all_in_place:
            # The usual delta: files whose content changed and nothing else. Each keeps its
            # name and target (see changed_in_place), so the folder needs no plan_folder, and
            # none of the collision keys of its unchanged siblings.
            plans = {
                entry[0]: naming.NamePlan(entry[0], False, path.rpartition("/")[2])
                for entry, _, path, *_ in entries
            }
            self._record_changed(entries, plans, parent, folder_target, subfolders)
        elif entries:
            kept = {}
            for entry, _rel, _path, _kind, skip, row in entries:
                if skip is None and row and row[7] == ManifestEntry.Action.MIGRATE and row[6]:
                    kept[entry[0]] = row[6].rsplit("/", 1)[-1]
            gone_keys = {
                naming.collision_key(row.target_path.rsplit("/", 1)[-1])
                for row in gone
                if row.state in IN_DROPBOX
            }
            taken = dict.fromkeys(gone_keys)
            for target, raw in unchanged_targets:
                taken[naming.collision_key(target.rsplit("/", 1)[-1])] = raw
            if folder_target is None:
                taken.update(self._mapped_into_root())
            plans = naming.plan_folder(plannable, kept=kept, taken=taken)
            self._record_changed(entries, plans, parent, folder_target, subfolders)
        return self._folder_done(parent, subfolders, gone, body, exceptions_before)

    def _record_changed(self, entries, plans, parent, folder_target, subfolders) -> None:
        """Record the entries of a folder that needed the name rules, with their plans."""
        for entry, rel, path, kind, skip, row in entries:
            plan = plans.get(entry[0])
            if (
                skip is None
                and folder_target is not None
                and not plan.skip
                and not plan.codes
                and row is None
                and self._record_plain(
                    entry, rel, path, parent, kind, folder_target + "/" + plan.target, subfolders
                )
            ):
                continue
            self._plan_entry(
                entry=entry, rel=rel, path=path, parent=parent, kind=kind, skip=skip, plan=plan,
                folder_target=folder_target, subfolders=subfolders, existing=as_existing(row),
                stored=None if row is None else row[-1],
            )  # fmt: skip

    def _folder_done(self, parent, subfolders, gone, body, exceptions_before) -> list[tuple]:
        if parent:  # the share's root has no row
            self._remember_listing(parent, body, gone, exceptions_before)
        if self._new_names:
            top = parent.split("/", 1)[0] if parent else ""
            self.summary.add_files(top, self._new_names, self._new_sizes, parent)
            self._new_names, self._new_sizes = [], []
        for row in gone:
            self._vanish(row)
        if self._streams:
            self._stream_queued()
        if (
            len(self.to_create) + len(self.to_update) >= BATCH_SIZE
            or self._batch_rows >= STREAMED_BATCH_SIZE
            or self._fingerprint_bytes >= FINGERPRINT_BYTES_PER_FLUSH
        ):
            self._flush()
        if self.seen // PROGRESS_EVERY != self._reported // PROGRESS_EVERY:
            self._report_progress()
            self._reported = self.seen
        subfolders.sort()
        return subfolders

    def _remember_listing(self, parent: str, body: bytes, gone: list, exceptions_before: int) -> None:
        """Queue the folder's listing for its row, with its gone rows as ghosts; none when an
        entry of it was reported (see migration.scan.fingerprint)."""
        value = None
        if self.summary.exceptions == exceptions_before:
            ghosts = [row.source_path.rpartition("/")[2].encode("utf-8") for row in gone]
            value = fingerprint.stored(fingerprint.with_ghosts(body, ghosts), scan_id=self.scan.pk)
        row = self._held_folders.pop(parent, None)
        if row is not None:
            self._listed_folders.append((row, value))  # into the folder's own row (streaming)
        else:
            self.fingerprints.append((value, self.engagement_id, parent))
            self._fingerprint_bytes += len(value or b"")

    def _link_stays_inside(self, rel: bytes) -> bool:
        """Whether the symlink at `rel` leads to a place inside the share. Never followed either
        way; the answer only names the exception (a link out of the share may be an attack)."""
        return is_within(os.path.realpath(self.root + b"/" + rel), self.root)

    def _mapped_into_root(self) -> dict[str, None]:
        """Names the folder plan puts straight under the target root: unmapped folders avoid them."""
        root = self.source.target_root.rstrip("/").lower()
        taken = {}
        for target in self.source.folder_mapping.values():
            parent, _, name = ("/" + target.strip("/")).rpartition("/")
            if parent.lower() == root:
                taken[naming.collision_key(name)] = None
        return taken


def scan_share(*, scan: ScanRun, source: MigrationSource, progress: Callable | None = None) -> ShareScanner:
    """Walk the share into the manifest; returns the scanner (summary, vanished and created rows)."""
    scanner = ShareScanner(scan=scan, source=source, progress=progress)
    scanner.run()
    return scanner
