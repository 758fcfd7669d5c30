"""The walk of the share into the manifest. Read-only on the source, bounded in memory.

`scan_share(scan=..., source=...)` walks the share one folder at a time, never following symlinks
and never opening a file except to compute a content hash where size and mtime cannot tell whether
a file changed. For each folder it:

1. takes the folder's entries, lstat()ed and sorted, from the walker process (migration.scan_walk),
   which lists the folders ahead on the other core;
2. reads the manifest rows of that folder (one query, and only when a manifest exists) — or, when
   the folder's row holds the listing a finished scan saw (migration.fingerprint), only the rows
   of the entries that differ from it, and of the subfolders;
3. plans the Dropbox names (migration.naming), letting names already placed keep their targets;
4. queues new and changed rows for migration.manifest_writer (COPY or executemany) and exceptions
   for `bulk_create`, and writes them every BATCH_SIZE rows;
5. remembers the rows that vanished from the folder; at the end migration.reconcile pairs them
   with new rows as moves (same inode, or same size and content hash) and marks the rest deleted;
6. stores the folder's listing on its row, for the next rescan.

Memory holds one folder's entries, the stack of folders still to visit, the write buffers, the
summary counters, and (on a rescan) the rows that changed — never the whole tree.
"""

import json
import os
from collections.abc import Callable
from stat import S_ISREG

from django.db import connection, transaction
from django.utils import timezone

from migration import fingerprint, naming
from migration.manifest_writer import ManifestWriter
from migration.models import ManifestEntry, MigrationSource, ScanException, ScanRun
from migration.scan_entries import (
    _EXISTING_FIELDS,
    IN_DROPBOX,
    Existing,
    NewRow,
    SourceUnavailable,
    _as_existing,
    _changed_in_place,
    _has_invalid_utf8,
    _issues,
    _kind_of,
    _relative,
    _unchanged,
)
from migration.scan_summary import Summary
from migration.scan_walk import FolderListings, is_unreadable
from migration.source_roots import confined_source_path, is_within

BATCH_SIZE = 2000
# Folders' stored listings held before they are written (about 45 bytes an entry): written
# while the walker still lists, rather than all at the end, when the scan waits for nothing else.
FINGERPRINT_BYTES_PER_FLUSH = 1024 * 1024
_FILE_TYPE, _REGULAR, _DIRECTORY = 0o170000, 0o100000, 0o040000  # stat's S_IFMT, S_IFREG, S_IFDIR
PROGRESS_EVERY = 5000
PREFETCH_FOLDERS = 63


class ShareScanner:
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
        # Stored listings count only when the scan that stored them finished (migration.fingerprint).
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
        columns = ", ".join(quote("id" if name == "pk" else name) for name in _EXISTING_FIELDS)
        # The folder's path, to group the rows by without parsing their paths, and its stored
        # listing (for folders) last.
        select = (
            f"SELECT {columns}, {quote('parent_path')}, {quote('listing_fingerprint')} "  # noqa: S608 - names from the model
            f"FROM {quote(ManifestEntry._meta.db_table)} WHERE {quote('engagement_id')} = %%s"
        )
        self._existing_sql = f"{select} AND {quote('parent_path')} IN (%s)"
        self._named_sql = f"{select} AND {quote('source_path')} IN (%s)"
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

    # -- the walk -------------------------------------------------------------------------------

    def run(self) -> Summary:
        if not os.path.isdir(self.root):
            raise SourceUnavailable(self.source.source_path)
        stack: list[tuple[bytes, str | None, bytes | None]] = [(b"", None, None)]
        self._stack = stack
        with FolderListings(self.root, find_plain=not self.has_manifest) as listings:
            self._listings = listings
            while stack:
                relative, target, stored = stack.pop()
                listing, body, plain = listings.listing_and_fingerprint(relative)
                subfolders = self._scan_folder(relative, target, listing, body, plain, stored)
                stack.extend(reversed(subfolders))
        self._flush(final=True)
        return self.summary

    def _existing(self, parent: str) -> dict[str, tuple]:
        """The manifest rows of one folder, by source path.

        A rescan needs these for every folder, so they come by raw SQL on the (engagement,
        parent_path) index, for this folder and the next PREFETCH_FOLDERS on the stack at once:
        a few dozen queries for a share of thousands of folders (each a round trip on PostgreSQL),
        and memory for a few dozen folders' rows. A folder's rows change only while that folder
        is scanned, so what was fetched ahead stays true until its turn.
        """
        if not self.has_manifest:
            return {}
        if parent not in self._prefetched:
            # Not the folders whose stored listing will spare reading their rows.
            wanted = [parent] + [
                naming.display_name(relative)
                for relative, _, stored in self._stack[-PREFETCH_FOLDERS:]
                if self._trusted_listing(stored) is None
            ]
            self._prefetched = {folder: {} for folder in wanted}
            placeholders = ", ".join(["%s"] * len(wanted))
            with connection.cursor() as cursor:
                cursor.execute(self._existing_sql % placeholders, [self.engagement_id, *wanted])
                prefetched, parent_column = self._prefetched, len(_EXISTING_FIELDS)
                for row in cursor.fetchall():
                    prefetched[row[parent_column]][row[1]] = row
        return self._prefetched.pop(parent, {})

    def _trusted_listing(self, stored) -> bytes | None:
        return fingerprint.read_stored(stored, finished_scans=self.finished_scans)

    def _rows_named(self, paths: list[str]) -> dict[str, dict[str, tuple]]:
        """Manifest rows (as _existing's) of the given source paths, by folder, then by path."""
        by_folder: dict[str, dict[str, tuple]] = {}
        parent_column = len(_EXISTING_FIELDS)
        with connection.cursor() as cursor:
            for start in range(0, len(paths), 500):
                chunk = paths[start : start + 500]
                cursor.execute(self._named_sql % ", ".join(["%s"] * len(chunk)), [self.engagement_id, *chunk])
                for row in cursor.fetchall():
                    by_folder.setdefault(row[parent_column], {})[row[1]] = row
        return by_folder

    @staticmethod
    def _changes(parent: str, listing: list, body: bytes, old_body: bytes) -> tuple[set, list, list[str]]:
        """(names that changed, names of subfolders that did not, the paths of the rows to read)."""
        changed = fingerprint.difference(listing, body, old_body)
        # Comprehensions with the mode tested inline: these run for every entry of a rescan.
        folder_names = [
            entry[0] for entry in listing if entry[1] & _FILE_TYPE == _DIRECTORY and entry[0] not in changed
        ]
        prefix = parent + "/" if parent else ""
        return (
            changed,
            folder_names,
            [prefix + naming.display_name(name) for name in [*changed, *folder_names]],
        )

    def _changed_rows(
        self, parent: str, listing: list, body: bytes, old_body: bytes
    ) -> tuple[set, list, dict]:
        """The folder's changed names, unchanged subfolders, and the rows of both; read with those
        of the next folders on the stack whose listings the walker already sent (one query for
        them all, where a query per folder was a round trip per folder on PostgreSQL)."""
        if parent in self._changes_ahead:
            return self._changes_ahead.pop(parent)
        changed, folder_names, wanted = self._changes(parent, listing, body, old_body)
        ahead = {parent: (changed, folder_names)}
        for relative, target, stored in self._stack[-PREFETCH_FOLDERS:]:
            ahead_body = self._listings.body_read(relative) if target is not None else None
            ahead_old = self._trusted_listing(stored) if ahead_body is not None else None
            if ahead_old is not None:
                path = naming.display_name(relative)
                names, folders, paths = self._changes(
                    path, fingerprint.decode(ahead_body), ahead_body, ahead_old
                )
                ahead[path] = (names, folders)
                wanted += paths
        rows = self._rows_named(wanted) if wanted else {}
        for path, (names, folders) in ahead.items():
            self._changes_ahead[path] = (names, folders, rows.get(path, {}))
        return self._changes_ahead.pop(parent)

    def _compare_by_fingerprint(self, relative, parent, folder_target, listing, body, old_body):
        """Split a folder by its stored listing: (entries to compare with their rows, those rows,
        subfolders that did not change) after counting the entries that did not change; or None
        when the folder needs all its rows after all, and nothing was counted.

        All rows are needed when a new or replaced entry needs the name rules, which weigh each
        name against its siblings' (migration.naming.plan_folder); entries that changed in place
        or only in a way the row comparison calls unchanged (a folder's mtime) do not.
        """
        changed, folder_names, rows = self._changed_rows(parent, listing, body, old_body)
        prefix = parent + "/" if parent else ""
        compared, known = [], listing
        if changed:
            compared = [entry for entry in listing if entry[0] in changed]
            known = [entry for entry in listing if entry[0] not in changed]
        for name, mode, inode, size, mtime_ns in compared:
            text = naming.display_name(name)
            row = rows.get(prefix + text)
            if row is None or not (
                _unchanged(row, mode, inode, size, mtime_ns)
                or _changed_in_place(row, _kind_of(mode), folder_target, text)
            ):
                return None
        subfolders = []
        for name in folder_names:
            row = rows.pop(prefix + naming.display_name(name), None)
            if row is None or row[2] != "folder" or row[7] != "migrate" or row[9] == "deleted_in_source":
                return None  # not as the stored listing says: look at every row
            subfolders.append((_relative(relative, name), row[6], row[-1]))
        files = [entry for entry in known if entry[1] & _FILE_TYPE == _REGULAR]
        names = [entry[0].decode("utf-8", "backslashreplace") for entry in files]  # naming.display_name
        sizes = [entry[3] for entry in files]
        if names:
            self.summary.add_files(parent.split("/", 1)[0], names, sizes, parent)
        self.summary.folders += len(subfolders)
        self.seen += len(known)
        return compared, rows, subfolders

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
        encoding `body` and `plain` come from the walker process (see migration.scan_walk);
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
                # The most common case of a rescan, what _unchanged() says of an unchanged file
                # no rule touched, tested inline: nothing to write, the row keeps its target.
                self.seen += 1
                unchanged_targets.append((row[6], name))
                unchanged_names.append(text)
                unchanged_sizes.append(size)
                continue
            elif _unchanged(row, mode, inode, size, mtime_ns):
                # The common case of a rescan: nothing to write, the row keeps its target.
                self.seen += 1
                if row[7] == "skip":
                    for code in _issues(row):
                        self._exception(naming_code=code, path=path, target="", entry_message="")
                    continue
                unchanged_targets.append((row[6], name))
                if row[2] == "file":
                    unchanged_names.append(text)
                    unchanged_sizes.append(row[3])
                else:
                    self.summary.folders += 1
                    subfolders.append((_relative(relative, name), row[6], row[-1]))
                continue
            rel = _relative(relative, name)
            kind = _kind_of(mode)
            skip = None
            if kind == ManifestEntry.Kind.SYMLINK:
                skip = "symlink" if self._link_stays_inside(rel) else "symlink_outside"
            elif kind == ManifestEntry.Kind.SPECIAL:
                skip = "special_file"
            elif is_unreadable(self.root + b"/" + rel, mode):
                skip = "unreadable"
            else:
                plannable.append((name, kind == ManifestEntry.Kind.FOLDER))
                if not _changed_in_place(row, kind, folder_target, text):
                    all_in_place = False
            entries.append((entry, rel, path, kind, skip, row))
        if unchanged_names:
            top = parent.split("/", 1)[0] if parent else ""
            self.summary.add_files(top, unchanged_names, unchanged_sizes, parent)

        gone = [_as_existing(row) for row in existing.values()]
        if entries and all_in_place:
            # The usual delta: files whose content changed and nothing else. Each keeps its
            # name and target (see _changed_in_place), so the folder needs no plan_folder, and
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
                folder_target=folder_target, subfolders=subfolders, existing=_as_existing(row),
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
        if (
            len(self.to_create) + len(self.to_update) >= BATCH_SIZE
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
        entry of it was reported (see migration.fingerprint)."""
        value = None
        if self.summary.exceptions == exceptions_before:
            ghosts = [row.source_path.rpartition("/")[2].encode("utf-8") for row in gone]
            value = fingerprint.stored(fingerprint.with_ghosts(body, ghosts), scan_id=self.scan.pk)
            self._fingerprint_bytes += len(value)
        self.fingerprints.append((value, self.engagement_id, parent))

    def _record_plain_folder(self, relative, parent, listing, folder_target, longest) -> list | None:
        """Record a folder no name rule touches, the bulk of a first scan, in one loop: the
        subfolders to visit, or None (nothing recorded) when its longest target path would be
        over the limit, so each entry needs the general path for its warning.

        The walker process found that no rule touches any entry (scan_walk.plain_name_units);
        on a first visit nothing else is taken in the folder: no rows, no unchanged siblings,
        and it is not the root.
        """
        if naming.utf16_length(folder_target) + 1 + longest > naming.MAX_PATH_CHARACTERS:
            return None
        prefix = parent + "/" if parent else ""
        target_prefix = folder_target + "/"
        relative_prefix = relative + b"/" if relative else b""
        keep_raw = _has_invalid_utf8(relative)  # a valid name neither mends nor breaks a path
        engagement_id, scan_id, migrate = self.engagement_id, self.scan.pk, ManifestEntry.Action.MIGRATE
        file_kind, folder_kind = ManifestEntry.Kind.FILE, ManifestEntry.Kind.FOLDER
        rows = []
        names, sizes, subfolders = [], [], []
        for name, mode, inode, size, mtime_ns in listing:
            text = name.decode("utf-8")
            target = target_prefix + text
            if S_ISREG(mode):
                kind = file_kind
                names.append(text)
                sizes.append(size)
            else:
                kind, size = folder_kind, 0
                subfolders.append((relative_prefix + name, target, None))
            rows.append(
                (
                    engagement_id, kind, prefix + text, relative_prefix + name if keep_raw else None, parent,
                    size, mtime_ns, inode, target, target.lower(), migrate, "[]", scan_id,
                )
            )  # fmt: skip
        if self.has_manifest:
            absolute = self.root + b"/" + relative_prefix
            self.created += [
                NewRow(row[2], absolute + name, row[1], row[5], row[7], row[6])
                for row, (name, *_) in zip(rows, listing, strict=True)
            ]
        self.to_create += rows
        self._new_names += names
        self._new_sizes += sizes
        self.summary.folders += len(subfolders)
        self.seen += len(rows)
        return subfolders

    def _record_plain(self, entry, rel, path, parent, kind, target, subfolders) -> bool:
        """Record a new entry no rule touched, the bulk of a first scan, in one step; False when
        the entry needs the general path after all (a path over 260 characters)."""
        if naming.path_too_long(target):
            return False
        _name, _mode, inode, size, mtime_ns = entry
        is_file = kind == ManifestEntry.Kind.FILE
        if not is_file:
            size = 0
        if is_file:
            self._new_names.append(path.rsplit("/", 1)[-1])
            self._new_sizes.append(size)
        else:
            self.summary.folders += 1
            subfolders.append((rel, target, None))
        self.to_create.append(
            (
                self.engagement_id, kind, path, rel if _has_invalid_utf8(rel) else None, parent, size,
                mtime_ns, inode, target, target.lower(), ManifestEntry.Action.MIGRATE, "[]",
                self.scan.pk,
            )
        )  # fmt: skip
        if self.has_manifest:
            self.created.append(NewRow(path, self.root + b"/" + rel, kind, size, inode, mtime_ns))
        self.seen += 1
        return True

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

    def _plan_entry(
        self, *, entry, rel, path, parent, kind, skip, plan, folder_target, existing, subfolders, stored
    ):
        """Plan and record an entry; `stored` is the listing stored on its row, for a folder."""
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
                # A folder that kept its row and its target keeps its stored listing; the rows
                # under it are as the last scan left them (the share's top folders come this way).
                kept = (
                    existing is not None
                    and existing.kind == kind
                    and existing.inode == entry[2]
                    and existing.target_path == target
                    and existing.action == ManifestEntry.Action.MIGRATE
                    and existing.state != ManifestEntry.State.DELETED_IN_SOURCE
                    and not codes
                )
                subfolders.append((rel, target, stored if kept else None))
        self._record(
            entry=entry, rel=rel, path=path, parent=parent, kind=kind, skip=skip, target=target,
            codes=codes, plan=plan, existing=existing,
        )  # fmt: skip

    # -- one entry ------------------------------------------------------------------------------

    def _record(self, *, entry, rel, path, parent, kind, skip, target, codes, plan, existing) -> None:
        _name, _mode, inode, size, mtime_ns = entry
        is_file = kind == ManifestEntry.Kind.FILE
        if not is_file:
            size = 0
        issues = [skip] if skip else codes
        action = ManifestEntry.Action.SKIP if skip else ManifestEntry.Action.MIGRATE
        if skip:
            self._exception(naming_code=skip, path=path, target="", entry_message="")
        else:
            for code in codes:
                message = plan.collides_with if code in (naming.CASE_COLLISION, naming.UNICODE_TWIN) else ""
                self._exception(naming_code=code, path=path, target=target, entry_message=message)
            if is_file:
                self._new_names.append(path.rsplit("/", 1)[-1])
                self._new_sizes.append(size)
            elif kind == ManifestEntry.Kind.FOLDER:
                self.summary.folders += 1
        if existing is None:
            raw = rel if _has_invalid_utf8(rel) else None
            self.to_create.append(
                (
                    self.engagement_id, kind, path, raw, parent, size, mtime_ns, inode,
                    target, target.lower(), action, json.dumps(issues) if issues else "[]", self.scan.pk,
                )
            )  # fmt: skip
            if self.has_manifest and action == ManifestEntry.Action.MIGRATE:
                self.created.append(NewRow(path, self.root + b"/" + rel, kind, size, inode, mtime_ns))
        else:
            self._update(
                existing,
                {
                    "kind": kind, "size": size, "mtime_ns": mtime_ns, "inode": inode,
                    "target_path": target, "action": action, "issues": issues,
                },
                absolute=self.root + b"/" + rel,
            )  # fmt: skip
        self.seen += 1

    def _update(self, row: Existing, values: dict, *, absolute: bytes) -> None:
        from migration.reconcile import content_hash_of

        state = row.state
        if state == ManifestEntry.State.DELETED_IN_SOURCE:
            state = ManifestEntry.State.PENDING
        is_file = values["kind"] == ManifestEntry.Kind.FILE
        content_touched = row.kind != values["kind"] or (
            is_file and (row.size != values["size"] or row.mtime_ns != values["mtime_ns"])
        )
        if content_touched and state in (ManifestEntry.State.UPLOADED, ManifestEntry.State.VERIFIED):
            # Same size, new mtime: only the content hash can tell (a touch, or a save of the same bytes).
            same_content = (
                is_file
                and row.size == values["size"]
                and row.content_hash
                and content_hash_of(absolute, root=self.root) == row.content_hash
            )
            if not same_content:
                state = ManifestEntry.State.PENDING
        pending_move_from = row.pending_move_from
        if values["target_path"].lower() != row.target_path.lower() and row.state in IN_DROPBOX:
            if not pending_move_from:
                pending_move_from = row.target_path
            elif pending_move_from.lower() == values["target_path"].lower():
                pending_move_from = ""
        new = (
            values["kind"], values["size"], values["mtime_ns"], values["inode"], values["target_path"],
            values["target_path"].lower(), values["action"], json.dumps(values["issues"]), state,
            pending_move_from, self.scan.pk, row.pk,
        )  # fmt: skip
        old = (
            row.kind, row.size, row.mtime_ns, row.inode, row.target_path, row.target_path.lower(), row.action,
            json.dumps(row.issues), row.state, row.pending_move_from,
        )  # fmt: skip
        if new[:10] != old:
            self.to_update.append(new)

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
            if gone.kind == ManifestEntry.Kind.FOLDER:
                # Its rows change now, unwalked: its stored listing is written off in the same
                # transaction (a move gives it the new row's listing, see migration.reconcile).
                self.fingerprints.append((None, self.engagement_id, gone.source_path))
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
            self.writer.update(self.to_update)
            self.to_update = []
            self.writer.insert(self.to_create)
            self.to_create = []
            self.writer.store_listings(self.fingerprints)
            self.fingerprints, self._fingerprint_bytes = [], 0
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
