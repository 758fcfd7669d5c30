"""A rescan's shortcut: a folder whose listing matches the one stored on its row (see
migration.scan.fingerprint) needs only the rows of the entries that differ, read for several
folders at once. A mixin of migration.scan.share.ShareScanner, which holds the state it uses
(`_stack`, `_prefetched`, `_changes_ahead`, `_listings`, the SQL built in its __init__)."""

from django.db import connection

from migration.scan import fingerprint, naming
from migration.scan.entries import EXISTING_FIELDS, changed_in_place, kind_of, relative_path, unchanged

_FILE_TYPE, _REGULAR, _DIRECTORY = 0o170000, 0o100000, 0o040000  # stat's S_IFMT, S_IFREG, S_IFDIR
PREFETCH_FOLDERS = 63


class StoredListingLookups:
    """How a rescan reads the manifest rows it needs: by folder, or by name when a folder's
    stored listing says which entries changed."""

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
                prefetched, parent_column = self._prefetched, len(EXISTING_FIELDS)
                for row in cursor.fetchall():
                    prefetched[row[parent_column]][row[1]] = row
        return self._prefetched.pop(parent, {})

    def _trusted_listing(self, stored) -> bytes | None:
        return fingerprint.read_stored(stored, finished_scans=self.finished_scans)

    def _rows_named(self, paths: list[str]) -> dict[str, dict[str, tuple]]:
        """Manifest rows (as _existing's) of the given source paths, by folder, then by path."""
        by_folder: dict[str, dict[str, tuple]] = {}
        parent_column = len(EXISTING_FIELDS)
        if connection.vendor == "postgresql":
            # The paths as one array: a statement with one value to parse, not one per path.
            with connection.cursor() as cursor:
                for start in range(0, len(paths), 5000):
                    cursor.execute(self._named_any_sql, [self.engagement_id, paths[start : start + 5000]])
                    for row in cursor.fetchall():
                        by_folder.setdefault(row[parent_column], {})[row[1]] = row
            return by_folder
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
        name against its siblings' (migration.scan.naming.plan_folder); entries that changed in place
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
                unchanged(row, mode, inode, size, mtime_ns)
                or changed_in_place(row, kind_of(mode), folder_target, text)
            ):
                return None
        subfolders = []
        for name in folder_names:
            row = rows.pop(prefix + naming.display_name(name), None)
            if row is None or row[2] != "folder" or row[7] != "migrate" or row[9] == "deleted_in_source":
                return None  # not as the stored listing says: look at every row
            subfolders.append((relative_path(relative, name), row[6], row[-1]))
        files = [entry for entry in known if entry[1] & _FILE_TYPE == _REGULAR]
        names = [entry[0].decode("utf-8", "backslashreplace") for entry in files]  # naming.display_name
        sizes = [entry[3] for entry in files]
        if names:
            self.summary.add_files(parent.split("/", 1)[0], names, sizes, parent)
        self.summary.folders += len(subfolders)
        self.seen += len(known)
        return compared, rows, subfolders
