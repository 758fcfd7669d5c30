"""Delta detection: a rescan tells new, changed, moved and deleted apart, and plans accordingly."""

import os
import shutil

import pytest

from migration.content_hash import content_hash_of_file
from migration.delta_plan import delta_moves_applied, delta_plan_build
from migration.models import ManifestEntry
from migration.services.delta import delta_detect
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from tests.migration.tree import tree_checksum


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.fixture
def migrated(tmp_path, engagement, coordinator):
    """A share scanned and (as far as the manifest knows) uploaded."""
    root = tmp_path / "share"
    _write(root / "Ekonomi" / "budget.xlsx", b"budget 2026")
    _write(root / "Ekonomi" / "touched.txt", b"same bytes")
    _write(root / "Ekonomi" / "gone.txt", b"deleted soon")
    _write(root / "Ekonomi" / "rename-me.txt", b"renamed soon")
    _write(root / "Ekonomi" / "copied.txt", b"copied then deleted")
    _write(root / "Projekt" / "Alfa" / "ritning.dwg", b"drawing")
    _write(root / "Projekt" / "Alfa" / "Sub" / "notes.txt", b"notes")
    migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    scan_execute(scan=scan_start(engagement=engagement, user=coordinator))
    for entry in ManifestEntry.objects.filter(engagement=engagement, action="migrate"):
        entry.state = ManifestEntry.State.UPLOADED
        if entry.kind == "file":
            entry.content_hash = content_hash_of_file(os.path.join(root, entry.source_path))
        entry.save(update_fields=["state", "content_hash"])
    return root


def _by_path(engagement):
    return {entry.source_path: entry for entry in ManifestEntry.objects.filter(engagement=engagement)}


def test_an_unchanged_share_gives_an_empty_plan_and_keeps_upload_state(migrated, engagement, coordinator):
    before = {path: (entry.pk, entry.state) for path, entry in _by_path(engagement).items()}
    scan = delta_detect(engagement=engagement, user=coordinator)
    assert scan.plan["counts"] == {"moves": 0, "uploads": 0, "folders": 0, "deletions": 0, "upload_bytes": 0}
    assert {path: (entry.pk, entry.state) for path, entry in _by_path(engagement).items()} == before


def test_new_changed_moved_and_deleted_are_told_apart(migrated, engagement, coordinator):
    root = migrated
    _write(root / "Ekonomi" / "new.txt", b"brand new")
    _write(root / "Ekonomi" / "budget.xlsx", b"budget 2026, revised")
    stat = os.stat(root / "Ekonomi" / "touched.txt")
    os.utime(root / "Ekonomi" / "touched.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    (root / "Ekonomi" / "gone.txt").unlink()
    (root / "Ekonomi" / "rename-me.txt").rename(root / "Ekonomi" / "renamed.txt")
    shutil.copy(root / "Ekonomi" / "copied.txt", root / "Projekt" / "copy.txt")
    (root / "Ekonomi" / "copied.txt").unlink()
    (root / "Projekt" / "Alfa").rename(root / "Projekt" / "Alfa 2026")
    before = tree_checksum(root)

    scan = delta_detect(engagement=engagement, user=coordinator)

    assert tree_checksum(root) == before
    entries = _by_path(engagement)
    plan = delta_plan_build(engagement=engagement)
    assert sorted(entries_path(entries, plan.uploads)) == ["Ekonomi/budget.xlsx", "Ekonomi/new.txt"]
    assert {(move.from_path, move.to_path) for move in plan.moves} == {
        ("/Filserver/Ekonomi/rename-me.txt", "/Filserver/Ekonomi/renamed.txt"),
        ("/Filserver/Ekonomi/copied.txt", "/Filserver/Projekt/copy.txt"),
        ("/Filserver/Projekt/Alfa", "/Filserver/Projekt/Alfa 2026"),  # its contents move with it
    }
    assert [deletion.path for deletion in plan.deletions] == ["/Filserver/Ekonomi/gone.txt"]
    assert entries["Ekonomi/touched.txt"].state == ManifestEntry.State.UPLOADED  # same bytes, no upload
    assert entries["Ekonomi/renamed.txt"].state == ManifestEntry.State.UPLOADED
    assert entries["Projekt/Alfa 2026/Sub/notes.txt"].state == ManifestEntry.State.UPLOADED
    assert scan.plan["counts"]["moves"] == 3

    delta_moves_applied(engagement=engagement, from_paths=[move.from_path for move in plan.moves])
    assert delta_plan_build(engagement=engagement).moves == []


def entries_path(entries, ids):
    by_id = {entry.pk: path for path, entry in entries.items()}
    return [by_id[pk] for pk in ids]


def test_a_file_deleted_with_its_folder_is_one_deletion(migrated, engagement, coordinator):
    shutil.rmtree(migrated / "Projekt")
    delta_detect(engagement=engagement, user=coordinator)
    plan = delta_plan_build(engagement=engagement)
    assert [deletion.path for deletion in plan.deletions] == ["/Filserver/Projekt"]
    assert ManifestEntry.objects.filter(engagement=engagement, state="deleted_in_source").count() == 5
