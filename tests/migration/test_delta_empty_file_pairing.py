"""A move is paired by inode before any pairing by content hash, and an empty file never by hash.

Found on a 3,000-file share: one empty file deleted and another moved into a new folder. The
content-hash rule paired the deleted empty file with the moved one's new path first (every empty
file has the same hash), so the delta moved the deleted file's Dropbox copy there and left the
moved file's old copy in place.
"""

import os

from migration.content_hash import content_hash_of_file
from migration.delta_plan import delta_plan_build
from migration.models import ManifestEntry
from migration.services.delta import delta_detect
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _scan_and_mark_uploaded(root, engagement, user):
    migration_source_set(engagement=engagement, source_path=str(root), target_root="/Filserver", user=user)
    scan_execute(scan=scan_start(engagement=engagement, user=user))
    for entry in ManifestEntry.objects.filter(engagement=engagement, action="migrate"):
        entry.state = ManifestEntry.State.UPLOADED
        if entry.kind == "file":
            entry.content_hash = content_hash_of_file(os.path.join(root, entry.source_path))
        entry.save(update_fields=["state", "content_hash"])


def test_deleted_empty_file_is_not_taken_for_the_moved_one(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    # "a-..." sorts (and is walked) before "b-...", so the deleted file is looked at first.
    _write(root / "Ekonomi" / "a-deleted-empty.txt", b"")
    _write(root / "Ekonomi" / "b-moved-empty.txt", b"")
    _write(root / "Ekonomi" / "kept.txt", b"kept")
    _scan_and_mark_uploaded(root, engagement, coordinator)

    (root / "Ekonomi" / "a-deleted-empty.txt").unlink()
    (root / "Ny mapp").mkdir()
    (root / "Ekonomi" / "b-moved-empty.txt").rename(root / "Ny mapp" / "b-moved-empty.txt")
    delta_detect(engagement=engagement, user=coordinator)

    plan = delta_plan_build(engagement=engagement)
    assert [(move.from_path, move.to_path) for move in plan.moves] == [
        ("/Filserver/Ekonomi/b-moved-empty.txt", "/Filserver/Ny mapp/b-moved-empty.txt")
    ]
    assert [deletion.path for deletion in plan.deletions] == ["/Filserver/Ekonomi/a-deleted-empty.txt"]


def test_a_copied_and_deleted_empty_file_is_uploaded_anew_not_moved(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    _write(root / "Ekonomi" / "empty.txt", b"")
    _scan_and_mark_uploaded(root, engagement, coordinator)

    (root / "Ekonomi" / "empty.txt").unlink()
    _write(root / "Projekt" / "empty-copy.txt", b"")  # a new inode, the same (empty) bytes
    delta_detect(engagement=engagement, user=coordinator)

    plan = delta_plan_build(engagement=engagement)
    entries = {entry.pk: entry.source_path for entry in ManifestEntry.objects.filter(engagement=engagement)}
    assert plan.moves == []
    assert [entries[pk] for pk in plan.uploads] == ["Projekt/empty-copy.txt"]
    assert [deletion.path for deletion in plan.deletions] == ["/Filserver/Ekonomi/empty.txt"]
