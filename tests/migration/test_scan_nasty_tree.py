"""The discovery scan on a tree with every nasty case: each handled and reported, the source untouched."""

import pytest

from migration.models import ManifestEntry, ScanException, ScanRun
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from tests.migration.tree import NFC_NAME, make_nasty_tree, tree_checksum


@pytest.fixture
def nasty(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    expected = make_nasty_tree(root)
    migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    return root, expected


def _scan(engagement, user):
    return scan_execute(scan=scan_start(engagement=engagement, user=user))


def test_every_nasty_case_is_reported_and_the_source_is_untouched(nasty, engagement, coordinator):
    root, expected = nasty
    before = tree_checksum(root)

    scan = _scan(engagement, coordinator)

    assert scan.status == ScanRun.Status.DONE, scan.error
    assert tree_checksum(root) == before
    reported = {}
    for exception in ScanException.objects.filter(scan=scan):
        reported.setdefault(exception.source_path, []).append(exception.code)
    assert reported == expected


def test_renames_and_skips_land_in_the_manifest(nasty, engagement, coordinator):
    _scan(engagement, coordinator)
    targets = dict(
        ManifestEntry.objects.filter(engagement=engagement).values_list("source_path", "target_path")
    )
    assert targets["Docs/plain.txt"] == "/Filserver/Docs/plain.txt"
    assert targets['Docs/a<b>c:d"e|f?g*h.txt'] == "/Filserver/Docs/a_b_c_d_e_f_g_h.txt"
    assert targets["Docs/trailing."] == "/Filserver/Docs/trailing"
    assert targets["Docs/space "] == "/Filserver/Docs/space"
    assert targets["Docs/ctrl\x01name.txt"] == "/Filserver/Docs/ctrl_name.txt"
    assert targets["Docs/bad\\xff\\xfename.txt"] == "/Filserver/Docs/bad\ufffd\ufffdname.txt"
    assert targets["Docs/Report.docx"] == "/Filserver/Docs/Report.docx"
    assert targets["Docs/report.docx"] == "/Filserver/Docs/report (2).docx"
    assert targets[f"Docs/{NFC_NAME}"] == "/Filserver/Docs/café (2).txt"
    assert targets["Projects"] == "/Filserver/Projects (2)"
    assert targets["Projects/one.txt"] == "/Filserver/Projects (2)/one.txt"
    assert targets["Docs/desktop.ini"] == ""
    assert "Docs/.dropbox.cache/cached.bin" not in targets  # skipped with its folder
    bad = ManifestEntry.objects.get(engagement=engagement, source_path="Docs/bad\\xff\\xfename.txt")
    assert bad.source_path_bytes == b"Docs/bad\xff\xfename.txt"
    skipped = set(
        ManifestEntry.objects.filter(engagement=engagement, action="skip").values_list(
            "source_path", flat=True
        )
    )
    assert "Links/loop" in skipped and "Special/pipe" in skipped and "Special/locked.txt" in skipped


def test_the_summary_counts_what_will_be_migrated(nasty, engagement, coordinator):
    scan = _scan(engagement, coordinator)
    assert (
        scan.files
        == ManifestEntry.objects.filter(engagement=engagement, kind="file", action="migrate").count()
    )
    assert scan.exceptions == ScanException.objects.filter(scan=scan).count()
    assert scan.summary["exception_counts"]["symlink"] == 3
    assert {row[0] for row in scan.summary["by_top_folder"]} >= {"Docs", "Projects", "PROJECTS"}
    assert scan.summary["largest"][0][1] >= scan.summary["largest"][-1][1]
    assert scan.summary["estimated_seconds"] >= 0


def test_a_rescan_reports_the_same_exceptions_and_keeps_every_row(nasty, engagement, coordinator):
    first = _scan(engagement, coordinator)
    rows = set(
        ManifestEntry.objects.filter(engagement=engagement).values_list("pk", "source_path", "target_path")
    )
    second = _scan(engagement, coordinator)

    def codes(scan):
        return sorted(
            ScanException.objects.filter(scan=scan).values_list("source_path", "code", "target_path")
        )

    assert codes(second) == codes(first)
    assert (
        set(
            ManifestEntry.objects.filter(engagement=engagement).values_list(
                "pk", "source_path", "target_path"
            )
        )
        == rows
    )
    assert second.files == first.files and second.bytes == first.bytes
