"""After the walk: pair vanished rows with new ones as moves, mark the rest deleted.

A row "vanished" when its entry is no longer where the manifest says, and the entry is (or may be)
in Dropbox already. A row is "new" when this scan created it. A vanished row and a new row are the
same entry moved or renamed when

1. they have the same inode and kind (a rename or move inside the share keeps the inode), the
   vanished row was still there at the previous scan, and for files the size and mtime are the
   same (a rename or move keeps both), or
2. for files that are not empty and found no partner by rule 1, they have the same size and the
   new file's content hash equals the hash recorded when the vanished one was uploaded (a
   copy-and-delete by a tool that does not keep inodes). Rule 1 is applied to every vanished row
   before rule 2 to any, so a hash match can never take the partner of a real move.

For a move the vanished row (with its upload state) takes over the new path and target, keeps the
Dropbox path it still has there in `pending_move_from`, and the new row is removed. The delta apply
then moves it in Dropbox with move_batch_v2 instead of uploading it again. Vanished rows with no
partner are marked `deleted_in_source`.

A moved folder's row takes the listing the scan stored on the new row (migration.scan.fingerprint); a
folder marked deleted loses its stored listing, as the rows under it change here, unwalked.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import OuterRef, Subquery

from migration.content_hash import content_hash_of_file
from migration.models import ManifestEntry, ScanException
from migration.source_roots import open_beneath


def content_hash_of(absolute: bytes, *, root: bytes) -> str:
    """The Dropbox content hash of a file on the share whose real path is `root`, or "" when it
    cannot be read; opened name by name below `root`, following no symlink
    (migration.source_roots.open_beneath)."""
    if not absolute.startswith(root.rstrip(b"/") + b"/"):
        return ""
    try:
        return content_hash_of_file(open_beneath(root, absolute[len(root) :]))
    except OSError:
        return ""


def reconcile_vanished(scanner) -> dict[str, int]:
    """Apply moves and deletions found by `scanner` (a finished migration.scan.share.ShareScanner)."""
    engagement_id = scanner.engagement_id
    by_inode = {(row.inode, row.kind): row for row in scanner.created}
    by_size = defaultdict(list)
    for row in scanner.created:
        if row.kind == ManifestEntry.Kind.FILE:
            by_size[row.size].append(row)
    hashes: dict[str, str] = {}
    claimed: set[str] = set()
    # 1. Inode first, for every vanished row: a rename or move keeps its inode, and that is the
    #    surest sign. Were a content-hash pairing allowed to go first, two files with the same
    #    bytes (two empty files, say) could take each other's partner: the deleted one "moved" to
    #    the new path while the real move found its partner claimed.
    by_gone: dict[int, tuple] = {}
    for gone in scanner.vanished:
        partner = by_inode.get((gone.inode, gone.kind))
        if partner is not None and partner.source_path not in claimed and _renamed(gone, partner):
            claimed.add(partner.source_path)
            by_gone[gone.pk] = (gone, partner, False)
    # 2. Then by content hash, for the files still without a partner. An empty file is never
    #    paired by its hash: every empty file has the same one, so it proves nothing.
    for gone in scanner.vanished:
        if gone.pk in by_gone or gone.kind != ManifestEntry.Kind.FILE or not gone.content_hash:
            continue
        if gone.size == 0:
            continue
        for candidate in by_size.get(gone.size, []):
            if candidate.source_path in claimed:
                continue
            if candidate.source_path not in hashes:
                hashes[candidate.source_path] = content_hash_of(candidate.absolute, root=scanner.root)
            if hashes[candidate.source_path] == gone.content_hash:
                claimed.add(candidate.source_path)
                by_gone[gone.pk] = (gone, candidate, True)
                break
    moves = list(by_gone.values())  # (vanished Existing, NewRow, matched by content hash)
    unmatched = [gone for gone in scanner.vanished if gone.pk not in by_gone]

    with transaction.atomic():
        if moves:
            _apply_moves(engagement_id, moves, scan=scanner.scan)
        unmatched_files = [row.pk for row in unmatched if row.state != ManifestEntry.State.DELETED_IN_SOURCE]
        for start in range(0, len(unmatched_files), 500):
            ManifestEntry.objects.filter(pk__in=unmatched_files[start : start + 500]).update(
                state=ManifestEntry.State.DELETED_IN_SOURCE,
                last_seen_scan=scanner.scan,
                listing_fingerprint=None,
            )
        _link_exceptions(scanner.scan)
    return {"moved": len(moves), "deleted": len(unmatched)}


def _renamed(gone, partner) -> bool:
    """Whether a new row with the inode of a vanished one is that entry renamed or moved.

    File systems hand a freed inode number to the next new file, so the same number alone is not
    enough: a row deleted at an earlier scan had its inode freed long ago, and a file with another
    size or mtime is more likely new than moved and edited. Taking a new file for a move would
    move (and so remove) the old one in Dropbox, a deletion nobody asked for; missing a move only
    costs an upload (and the content-hash rule still finds a copy-and-delete).
    """
    if gone.state == ManifestEntry.State.DELETED_IN_SOURCE:
        return False
    if gone.kind != ManifestEntry.Kind.FILE:
        return True
    return gone.size == partner.size and gone.mtime_ns == partner.mtime_ns


def _apply_moves(engagement_id: int, moves, *, scan) -> None:
    new_paths = [partner.source_path for _, partner, _ in moves]
    new_rows = {}
    for start in range(0, len(new_paths), 500):
        for row in ManifestEntry.objects.filter(
            engagement_id=engagement_id, source_path__in=new_paths[start : start + 500]
        ):
            new_rows[row.source_path] = row
    ManifestEntry.objects.filter(pk__in=[row.pk for row in new_rows.values()]).delete()
    entries = ManifestEntry.objects.in_bulk([gone.pk for gone, _, _ in moves])
    updated = []
    for gone, partner, by_hash in moves:
        fresh = new_rows[partner.source_path]
        entry = entries[gone.pk]
        # A match by content hash proves the bytes; a match by inode needs size and mtime.
        content_changed = (
            not by_hash
            and entry.kind == ManifestEntry.Kind.FILE
            and (entry.size != fresh.size or entry.mtime_ns != fresh.mtime_ns)
        )
        if not entry.pending_move_from and entry.target_path_lower != fresh.target_path_lower:
            entry.pending_move_from = entry.target_path
        elif entry.pending_move_from.lower() == fresh.target_path_lower:
            entry.pending_move_from = ""  # moved back to where Dropbox has it
        for name in (
            "source_path",
            "source_path_raw",
            "parent_path",
            "size",
            "mtime_ns",
            "inode",
            "target_path",
            "target_path_lower",
            "issues",
            "listing_fingerprint",
        ):
            setattr(entry, name, getattr(fresh, name))
        entry.last_seen_scan = scan
        if entry.state == ManifestEntry.State.DELETED_IN_SOURCE or content_changed:
            entry.state = ManifestEntry.State.PENDING
        updated.append(entry)
    ManifestEntry.objects.bulk_update(
        updated,
        [
            "source_path",
            "source_path_raw",
            "parent_path",
            "size",
            "mtime_ns",
            "inode",
            "target_path",
            "target_path_lower",
            "issues",
            "listing_fingerprint",
            "last_seen_scan",
            "state",
            "pending_move_from",
        ],
        batch_size=500,
    )


def _link_exceptions(scan) -> None:
    """Point each exception of the scan at its manifest row (one UPDATE, after moves settled)."""
    ScanException.objects.filter(scan=scan, entry__isnull=True).update(
        entry=Subquery(
            ManifestEntry.objects.filter(
                engagement_id=scan.engagement_id, source_path=OuterRef("source_path")
            ).values("pk")[:1]
        )
    )
