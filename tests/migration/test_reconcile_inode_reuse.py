"""A freed inode number handed to a new file must not turn that file into a move of the old one:
the move would take the old file away from its place in Dropbox, a deletion nobody asked for."""

from migration.models import ManifestEntry
from migration.scan.entries import Existing, NewRow
from migration.scan.reconcile import _renamed

FILE, FOLDER = ManifestEntry.Kind.FILE, ManifestEntry.Kind.FOLDER


def _gone(*, kind=FILE, size=19, mtime_ns=1_000, state=ManifestEntry.State.VERIFIED):
    return Existing(
        pk=1, source_path="Ekonomi/gone.txt", kind=kind, size=size, mtime_ns=mtime_ns, inode=42,
        target_path="/Filserver/Ekonomi/gone.txt", action=ManifestEntry.Action.MIGRATE, issues=[],
        state=state, content_hash="", pending_move_from="",
    )  # fmt: skip


def _new(*, kind=FILE, size=19, mtime_ns=1_000):
    return NewRow(source_path="Projekt/new.txt", absolute=b"/share/Projekt/new.txt", kind=kind, size=size,
                  inode=42, mtime_ns=mtime_ns)  # fmt: skip


def test_a_renamed_or_moved_file_keeps_inode_size_and_mtime_and_is_a_move():
    assert _renamed(_gone(), _new())


def test_a_new_file_on_a_reused_inode_with_another_size_or_mtime_is_not_a_move():
    assert not _renamed(_gone(), _new(size=5))
    assert not _renamed(_gone(), _new(mtime_ns=2_000))


def test_a_row_deleted_at_an_earlier_scan_never_matches_by_inode():
    assert not _renamed(_gone(state=ManifestEntry.State.DELETED_IN_SOURCE), _new())


def test_a_renamed_folder_is_a_move_whatever_its_mtime():
    assert _renamed(_gone(kind=FOLDER, size=0), _new(kind=FOLDER, size=0, mtime_ns=9_999))
