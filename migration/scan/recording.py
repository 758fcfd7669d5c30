"""Recording what the walk found: new rows, changed rows, vanished rows and exceptions, queued and
written in batches (migration.scan.manifest_writer). A mixin of migration.scan.share.ShareScanner,
which holds the buffers (`to_create`, `to_update`, `deleted_ids`, `exceptions`, `fingerprints`)."""

import json
from stat import S_ISREG

from django.db import transaction
from django.utils import timezone

from migration.models import ManifestEntry, ScanException, ScanRun
from migration.scan import naming
from migration.scan.entries import EXISTING_FIELDS, IN_DROPBOX, Existing, NewRow, has_invalid_utf8
from migration.scan.manifest_writer import scan_writes_relax_durability
from migration.scan.reconcile import content_hash_of

BATCH_SIZE = 2000
# Rows a first scan on PostgreSQL streams into one COPY and commits at once (see _stream_queued):
# they are not held in memory, and each commit waits for PostgreSQL to take in what was sent.
STREAMED_BATCH_SIZE = 20_000


class EntryRecording:
    """Turn the entries of a folder into queued manifest writes, and write them."""

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
        keep_raw = has_invalid_utf8(relative)  # a valid name neither mends nor breaks a path
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
                self.engagement_id, kind, path, rel if has_invalid_utf8(rel) else None, parent, size,
                mtime_ns, inode, target, target.lower(), ManifestEntry.Action.MIGRATE, "[]",
                self.scan.pk,
            )
        )  # fmt: skip
        if self.has_manifest:
            self.created.append(NewRow(path, self.root + b"/" + rel, kind, size, inode, mtime_ns))
        self.seen += 1
        return True

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
            raw = rel if has_invalid_utf8(rel) else None
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
                ).values_list(*EXISTING_FIELDS)
                if values[1].startswith(prefix)  # SQLite's LIKE ignores case
            ]
        for gone in rows:
            if gone.kind == ManifestEntry.Kind.FOLDER:
                # Its rows change now, unwalked: its stored listing is written off in the same
                # transaction (a move gives it the new row's listing, see migration.scan.reconcile).
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

    # -- a first scan on PostgreSQL streams its rows -------------------------------------------

    def _stream_queued(self, *, final: bool = False) -> None:
        """Send the rows queued since the last folder into the batch's open COPY (opening the
        batch's transaction and the COPY first). Folder rows are held back until their folder is
        listed, so that each takes its stored listing in its own row (see `_listings_of_new_rows`);
        held across batches (no more than the folders waiting on the walk's stack), the rest go in
        with the last batch."""
        folder = ManifestEntry.Kind.FOLDER
        held = self._held_folders
        rows, listings = [], {}
        for row in self.to_create:
            if row[1] == folder and not final:
                held[row[2]] = row
            else:
                rows.append(row)
        self.to_create = []
        if final:
            rows += held.values()
            held.clear()
        for row, value in self._listed_folders:
            if value is not None:
                listings[len(rows)] = value
            rows.append(row)
        self._listed_folders = []
        if not rows:
            return
        if self._batch is None:
            self._batch = transaction.atomic()
            self._batch.__enter__()
            scan_writes_relax_durability()
            self.writer.stream_open()
        self.writer.stream_send(rows, listings)
        self._batch_rows += len(rows)

    def _batch_abandon(self, error: BaseException) -> None:
        """The scan failed while a batch was open: end its COPY and roll the batch back."""
        batch, self._batch = self._batch, None
        if batch is not None:
            self.writer.stream_close(error)
            batch.__exit__(type(error), error, error.__traceback__)

    def _flush(self, *, final: bool = False) -> None:
        if self._streams:
            self._stream_queued(final=final)
            self.writer.stream_close()
            self._batch_rows = 0
        batch, self._batch = self._batch, None
        if batch is None:
            batch = transaction.atomic()
            batch.__enter__()
            scan_writes_relax_durability()
        try:
            self._flush_statements(final=final)
            if self._progress_unsaved:
                self._progress_save()
        except BaseException as error:
            batch.__exit__(type(error), error, error.__traceback__)
            raise
        batch.__exit__(None, None, None)

    def _flush_statements(self, *, final: bool) -> None:
        if self.deleted_ids:
            ManifestEntry.objects.filter(pk__in=self.deleted_ids).delete()
            self.deleted_ids = []
        self.writer.update(self.to_update)
        self.to_update = []
        listings, self.fingerprints = self._listings_of_new_rows(self.fingerprints)
        self.writer.insert(self.to_create, listings=listings)
        self.to_create = []
        self.writer.store_listings(self.fingerprints)
        self.fingerprints, self._fingerprint_bytes = [], 0
        if self.exceptions and (final or len(self.exceptions) >= BATCH_SIZE):
            ScanException.objects.bulk_create(self.exceptions, batch_size=BATCH_SIZE)
            self.exceptions = []

    def _listings_of_new_rows(self, fingerprints: list[tuple]) -> tuple[dict[int, bytes], list[tuple]]:
        """Split the queued listings: those of folders whose row is still to be created in this
        batch go into that row (by its index in `to_create`), the rest stay UPDATEs by path.

        Walking depth first, a folder is mostly listed before its row, created with its parent's
        entries, has been written: a first scan then writes almost no listing by UPDATE (each one
        a lookup by path, and on PostgreSQL the reason its statistics had to keep up)."""
        if not self.writer.insert_takes_listings or not fingerprints or not self.to_create:
            return {}, fingerprints
        folder = ManifestEntry.Kind.FOLDER
        queued = {row[2]: index for index, row in enumerate(self.to_create) if row[1] == folder}
        listings, rest = {}, []
        for item in fingerprints:
            value, _engagement_id, path = item
            index = queued.get(path)
            if index is None:
                rest.append(item)
            else:
                listings[index] = value  # the last value queued for a path wins, as with UPDATEs
        return {index: value for index, value in listings.items() if value is not None}, rest

    def _report_progress(self) -> None:
        if self._batch is None:
            self._progress_save()
        else:
            self._progress_unsaved = True  # a COPY is open: saved when the batch is written
        if self.progress is not None:
            self.progress(self.summary)

    def _progress_save(self) -> None:
        self._progress_unsaved = False
        ScanRun.objects.filter(pk=self.scan.pk).update(
            files=self.summary.files,
            folders=self.summary.folders,
            bytes=self.summary.bytes,
            exceptions=self.summary.exceptions,
            progress_at=timezone.now(),
        )
