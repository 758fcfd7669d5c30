"""A rescan compares each folder's listing with the one stored on its row (migration.scan.fingerprint):
an unchanged folder costs no row reads, and what it finds is what comparing every row finds."""

import os
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migration.content_hash import content_hash_of_file
from migration.delta_plan import delta_plan_build
from migration.models import ManifestEntry, ScanException, ScanRun
from migration.services.delta import delta_detect
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from tests.factories import CustomerFactory, make_engagement


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _scan_and_upload(engagement, root, user):
    migration_source_set(engagement=engagement, source_path=str(root), target_root="/Filserver", user=user)
    scan_execute(scan=scan_start(engagement=engagement, user=user))
    for entry in ManifestEntry.objects.filter(engagement=engagement, action="migrate"):
        entry.state = ManifestEntry.State.UPLOADED
        if entry.kind == "file":
            entry.content_hash = content_hash_of_file(os.path.join(root, entry.source_path))
        entry.save(update_fields=["state", "content_hash"])


def _row_reads(queries) -> list[str]:
    """The scan's reads of manifest rows (they alone select the stored listing)."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT") and "listing_fingerprint" in query["sql"]
    ]


@pytest.fixture
def share(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    for folder in range(5):
        for number in range(20):
            _write(root / f"F{folder}" / f"file{number:02}.txt", b"x" * number)
    _scan_and_upload(engagement, root, coordinator)
    return root


def test_an_unchanged_folder_costs_no_row_reads(share, engagement, coordinator):
    with CaptureQueriesContext(connection) as queries:
        scan = delta_detect(engagement=engagement, user=coordinator)
    assert scan.plan["counts"]["uploads"] == 0
    assert scan.files == 100
    # Only the share's root (which has no row to store a listing on) reads its rows.
    reads = _row_reads(queries)
    assert len(reads) == 1
    assert "F0/file00.txt" not in reads[0]


def test_a_changed_file_costs_the_read_of_its_row_only(share, engagement, coordinator):
    with open(share / "F2" / "file07.txt", "ab") as handle:
        handle.write(b"changed")
    with CaptureQueriesContext(connection) as queries:
        scan = delta_detect(engagement=engagement, user=coordinator)
    changed = ManifestEntry.objects.get(engagement=engagement, source_path="F2/file07.txt")
    assert scan.plan["uploads"] == [changed.pk]
    assert changed.state == ManifestEntry.State.PENDING
    assert changed.size == 14
    reads = _row_reads(queries)
    assert len(reads) == 2
    assert "F2/file07.txt" in reads[1] and "F2/file06.txt" not in reads[1]


def test_without_a_stored_listing_every_row_is_compared(share, engagement, coordinator):
    ManifestEntry.objects.filter(engagement=engagement).update(listing_fingerprint=None)
    with open(share / "F2" / "file07.txt", "ab") as handle:
        handle.write(b"changed")
    with CaptureQueriesContext(connection) as queries:
        scan = delta_detect(engagement=engagement, user=coordinator)
    assert scan.plan["counts"]["uploads"] == 1
    assert any("F2/file06.txt" in sql or "'F2'" in sql for sql in _row_reads(queries))
    # ... and the rescan stores the listings again.
    assert (
        ManifestEntry.objects.filter(engagement=engagement, kind="folder", listing_fingerprint=None).count()
        == 0
    )


def test_a_listing_stored_by_a_scan_that_did_not_finish_is_not_trusted(share, engagement, coordinator):
    ScanRun.objects.filter(engagement=engagement).update(status=ScanRun.Status.FAILED)
    with CaptureQueriesContext(connection) as queries:
        delta_detect(engagement=engagement, user=coordinator)
    assert any("F3" in sql for sql in _row_reads(queries))


def _outcome(engagement, scan):
    """What a user of the manifest sees: each row, the plan by path, the scan's exceptions."""
    rows = {
        entry.source_path: (
            entry.kind,
            entry.size,
            entry.mtime_ns,
            entry.inode,
            entry.target_path,
            entry.action,
            entry.issues,
            entry.state,
            entry.pending_move_from,
        )  # fmt: skip
        for entry in ManifestEntry.objects.filter(engagement=engagement)
    }
    paths = dict(ManifestEntry.objects.filter(engagement=engagement).values_list("pk", "source_path"))
    plan = delta_plan_build(engagement=engagement)
    return {
        "rows": rows,
        "uploads": sorted(paths[pk] for pk in plan.uploads),
        "folders": sorted(paths[pk] for pk in plan.folders),
        "moves": sorted((move.from_path, move.to_path) for move in plan.moves),
        "deletions": sorted(deletion.path for deletion in plan.deletions),
        "exceptions": sorted(
            ScanException.objects.filter(scan=scan).values_list(
                "code", "source_path", "target_path", "message"
            )
        ),
        "counts": (scan.files, scan.folders, scan.bytes, scan.exceptions),
    }


def test_what_the_stored_listings_find_is_what_comparing_every_row_finds(
    tmp_path, engagement, coordinator, sales
):
    """Two engagements on one share: one rescans with its stored listings, the other with them
    cleared (every row compared, as before listings were stored). Round after round of changes,
    their manifests, plans and exception reports stay the same."""
    root = tmp_path / "share"
    for name in ("budget.xlsx", "touched.txt", "gone.txt", "rename-me.txt", "move-me.txt", "case.txt"):
        _write(root / "Ekonomi" / name, f"content of {name}".encode())
    _write(root / "Projekt" / "Alfa" / "ritning.dwg", b"drawing")
    _write(root / "Projekt" / "notes.txt", b"notes")
    twin = make_engagement(
        customer=CustomerFactory(name="Tvilling AB"), seller=sales, coordinator=coordinator
    )
    _scan_and_upload(engagement, root, coordinator)
    _scan_and_upload(twin, root, coordinator)

    def both_rescan():
        ManifestEntry.objects.filter(engagement=twin).update(listing_fingerprint=None)
        scan = delta_detect(engagement=engagement, user=coordinator)
        twin_scan = delta_detect(engagement=twin, user=coordinator)
        outcome = _outcome(engagement, scan)
        assert outcome == _outcome(twin, twin_scan)
        return outcome

    # Changed in place, touched (same bytes), new, a case twin, an ignored name, deleted, renamed,
    # moved to another folder, a new folder.
    ekonomi = root / "Ekonomi"
    _write(ekonomi / "budget.xlsx", b"budget, revised")
    stat = os.stat(ekonomi / "touched.txt")
    os.utime(ekonomi / "touched.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _write(ekonomi / "new.txt", b"brand new")
    _write(ekonomi / "CASE.txt", b"a case twin")
    _write(ekonomi / "Thumbs.db", b"ignored")
    (ekonomi / "gone.txt").unlink()
    (ekonomi / "rename-me.txt").rename(ekonomi / "renamed.txt")
    (ekonomi / "move-me.txt").rename(root / "Projekt" / "moved.txt")
    _write(ekonomi / "Ny" / "inside.txt", b"inside")
    first = both_rescan()
    assert first["uploads"] == [
        "Ekonomi/CASE.txt",
        "Ekonomi/Ny/inside.txt",
        "Ekonomi/budget.xlsx",
        "Ekonomi/new.txt",
    ]
    assert ("/Filserver/Ekonomi/move-me.txt", "/Filserver/Projekt/moved.txt") in first["moves"]
    assert first["deletions"] == ["/Filserver/Ekonomi/gone.txt"]
    assert {code for code, *_ in first["exceptions"]} == {"case_collision", "ignored_name"}

    # The deleted file comes back as a copy elsewhere (a move of the deleted row), a file changes
    # in a folder nothing else changed in, and the renamed one changes too.
    shutil.copy(root / "Projekt" / "notes.txt", root / "Projekt" / "Alfa" / "notes-copy.txt")
    _write(root / "Projekt" / "Alfa" / "gone-again.txt", b"content of gone.txt")
    _write(root / "Projekt" / "Alfa" / "ritning.dwg", b"drawing, revised")
    _write(ekonomi / "renamed.txt", b"renamed, then changed")
    second = both_rescan()
    assert ("/Filserver/Ekonomi/gone.txt", "/Filserver/Projekt/Alfa/gone-again.txt") in second["moves"]

    # Nothing changes: the reports of the names rules are made again, the rest is quiet.
    third = both_rescan()
    assert {code for code, *_ in third["exceptions"]} == {"case_collision", "ignored_name"}
