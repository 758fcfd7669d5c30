"""`manage.py migration scan|status|delta`: progress, summary, exit codes with a sentence."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from migration.models import ManifestEntry, ScanRun
from tests.migration.bulk_helpers import run_migration_command
from tests.migration.tree import make_plain_tree


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=120, per_folder=40, folders_per_level=2)
    return root


def test_scan_sets_the_source_prints_a_summary_and_exits_0(english, share, engagement):
    code, out, err = run_migration_command("scan", engagement.reference, "--source", str(share))
    assert code == 0, err
    assert "Files: 120" in out
    assert ScanRun.objects.get(engagement=engagement).status == ScanRun.Status.DONE
    assert ManifestEntry.objects.filter(engagement=engagement, kind="file").count() == 120


def test_an_unreadable_file_makes_the_scan_exit_1_with_a_sentence(english, share, engagement):
    (share / "locked.txt").write_bytes(b"x")
    (share / "locked.txt").chmod(0)
    code, out, err = run_migration_command("scan", engagement.reference, "--source", str(share))
    assert code == 1
    assert "could not be read" in err


def test_unknown_reference_and_missing_source_exit_2(english, tmp_path, engagement):
    with pytest.raises(CommandError) as unknown:
        call_command("migration", "status", "MF-1999-0001", stdout=StringIO(), stderr=StringIO())
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        call_command(
            "migration", "scan", engagement.reference, "--source", str(tmp_path / "nope"), stdout=StringIO()
        )
    assert missing.value.returncode == 2
    assert "mounted" in str(missing.value)


def test_status_and_delta_detection_after_a_scan(english, share, engagement):
    run_migration_command("scan", engagement.reference, "--source", str(share))
    (share / "new.txt").write_bytes(b"new")
    code, out, err = run_migration_command("status", engagement.reference)
    assert code == 0, err
    assert "Pending: 120" in out
    from migration.cli.detect import detect_and_print

    scan = detect_and_print(engagement=engagement, options={}, out=StringIO(), err=StringIO())
    assert scan.plan["counts"]["uploads"] == 121  # nothing uploaded yet: everything is still to do


def test_scan_prints_a_progress_line_as_it_goes(share, engagement, monkeypatch):
    monkeypatch.setattr("migration.scan.share.PROGRESS_EVERY", 50)  # a line every 50 entries, not 5,000
    code, out, err = run_migration_command("scan", engagement.reference, "--source", str(share))
    assert code == 0, err
    progress = [line for line in out.splitlines() if line.startswith(("Scanning:", "Skannar:"))]
    assert len(progress) >= 2
