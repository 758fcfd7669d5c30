"""A file Dropbox stores with another content hash than the one read is sent again, and reported
when the damage persists; verify catches it. Through the real SDK against the sandbox, whose
`corrupt_path` fault stores the file with a flipped byte (nothing here patches the SDK or our layer)."""

import io
import os

import pytest
from django.core.management import call_command

from migration.content_hash import content_hash_of_file
from migration.models import ManifestEntry, MigrationJob
from migration.reports.certificate import certificate_figures, verification_csv_rows
from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_run_here
from migration.services.verify import migration_verify
from migration.transfer.upload_items import MAX_ATTEMPTS, SMALL_FILE_LIMIT
from tests.migration.bulk_helpers import TARGET_ROOT, dropbox_files, scanned
from tests.migration.tree import make_plain_tree

DAMAGED = {
    "small": "Avdelning 000/Projekt 00001/dokument 004.txt",  # one of a batch of small files
    "large": "Film/stor.bin",  # a chunked upload session of its own
}


pytestmark = pytest.mark.usefixtures("english")  # assertions read the English msgids


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=30, per_folder=10)
    (root / "Film").mkdir()
    # 5 MiB: large, yet shorter than one 16 MiB chunk and not a whole number of 4 MiB blocks.
    (root / "Film" / "stor.bin").write_bytes(os.urandom(SMALL_FILE_LIMIT + 1024 * 1024))
    return root


@pytest.fixture
def faults(dropbox_sandbox):
    yield dropbox_sandbox
    dropbox_sandbox.reset_faults()


def _bulk_here(engagement) -> MigrationJob:
    job = migration_start_bulk(engagement=engagement, user=None, enqueue=False)
    return job_run_here(job_id=job.pk)


def _entry(engagement, relative: str) -> ManifestEntry:
    return ManifestEntry.objects.get(engagement=engagement, source_path=relative)


def _damaged_hash(path) -> str:
    data = bytearray(path.read_bytes())
    data[0] ^= 0xFF  # what the sandbox's fault stores
    damaged = path.parent / (path.name + ".damaged")
    damaged.write_bytes(bytes(data))
    try:
        return content_hash_of_file(damaged)
    finally:
        damaged.unlink()


@pytest.mark.parametrize("kind", ["small", "large"])
def test_a_damaged_upload_is_sent_again_and_lands_intact(connected_engagement, faults, share, kind):
    relative = DAMAGED[kind]
    scanned(connected_engagement, share)
    faults.set_faults(corrupt_path=f"{TARGET_ROOT}/{relative}", corrupt_times=1)

    job = _bulk_here(connected_engagement)

    entry = _entry(connected_engagement, relative)
    assert job.status == MigrationJob.Status.DONE
    assert job.files_failed == 0
    assert job.files_done == 31
    assert entry.state == ManifestEntry.State.UPLOADED
    assert entry.attempts == 2  # damaged once, sent again
    assert entry.last_error == ""
    expected = content_hash_of_file(share / relative)
    assert entry.dropbox_content_hash == expected
    assert dropbox_files(connected_engagement)[f"{TARGET_ROOT}/{relative}"] == expected


@pytest.mark.parametrize("kind", ["small", "large"])
def test_a_damage_that_persists_is_reported_and_verify_catches_it(connected_engagement, faults, share, kind):
    relative = DAMAGED[kind]
    scanned(connected_engagement, share)
    faults.set_faults(corrupt_path=f"{TARGET_ROOT}/{relative}", corrupt_times=0)  # every time

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("migration", "bulk", connected_engagement.reference, "--here", stdout=out, stderr=err)

    # Reported: the exit code and sentence, the file's state and reason, the job's error count.
    assert exit_.value.code == 1
    assert "1 files could not be uploaded" in err.getvalue()
    assert f"{relative}: Dropbox reports a different content hash than the file read." in err.getvalue()
    entry = _entry(connected_engagement, relative)
    local, damaged = content_hash_of_file(share / relative), _damaged_hash(share / relative)
    assert entry.state == ManifestEntry.State.FAILED
    assert entry.attempts == MAX_ATTEMPTS
    assert entry.last_error == "Dropbox reports a different content hash than the file read."
    assert (entry.content_hash, entry.dropbox_content_hash) == (local, damaged)
    job = MigrationJob.objects.filter(engagement=connected_engagement, kind="bulk").latest("pk")
    assert (job.files_done, job.files_failed) == (30, 1)
    assert dropbox_files(connected_engagement)[f"{TARGET_ROOT}/{relative}"] == damaged

    # Verify lists it as different from the source; the report and the certificate say so.
    verification = job_run_here(
        job_id=migration_verify(engagement=connected_engagement, user=None, enqueue=False).pk
    )
    assert verification.result["passed"] is False
    assert verification.result["mismatched"] == 1
    assert verification.result["mismatched_paths"] == [relative]
    assert verification.result["verified"] == 30
    rows = {row[0]: row for row in verification_csv_rows(connected_engagement)}
    assert rows[relative][3:] == [damaged, "Failed"]
    assert certificate_figures(connected_engagement).verification_passed is False

    # Once the damage stops, a rerun sends only that file, and verify passes.
    faults.reset_faults()
    again = _bulk_here(connected_engagement)
    assert (again.files_total, again.files_done, again.files_failed) == (1, 1, 0)
    verification = job_run_here(
        job_id=migration_verify(engagement=connected_engagement, user=None, enqueue=False).pk
    )
    assert verification.result["passed"] is True
    assert _entry(connected_engagement, relative).state == ManifestEntry.State.VERIFIED
