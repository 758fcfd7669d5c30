"""The bulk migration through the real SDK against the sandbox, run in this process (`--here`)."""

import os
from pathlib import Path

import pytest

from migration.content_hash import content_hash_of_file
from migration.models import ManifestEntry, MigrationJob
from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_run_here
from tests.migration.bulk_helpers import dropbox_files, scanned, upload_calls
from tests.migration.tree import make_plain_tree


def _bulk_here(engagement, user=None) -> MigrationJob:
    job = migration_start_bulk(engagement=engagement, user=user, enqueue=False)
    return job_run_here(job_id=job.pk)


@pytest.fixture
def share(tmp_path) -> Path:
    root = tmp_path / "share"
    make_plain_tree(root, files=60, per_folder=20)
    return root


@pytest.fixture
def thousand(tmp_path) -> Path:
    root = tmp_path / "share"
    make_plain_tree(root, files=1000, per_folder=250)
    return root


def test_a_thousand_small_files_cost_at_most_five_calls(connected_engagement, dropbox_sandbox, thousand):
    share = thousand
    scanned(connected_engagement, share)
    dropbox_sandbox.reset_call_counts()
    job = _bulk_here(connected_engagement)
    calls = upload_calls(dropbox_sandbox.call_counts())
    assert job.status == MigrationJob.Status.DONE
    assert job.files_done == 1000
    assert calls <= 5, dropbox_sandbox.call_counts()
    in_dropbox = dropbox_files(connected_engagement)
    assert len(in_dropbox) == 1000
    sample = share / "Avdelning 000" / "Projekt 00001" / "dokument 007.txt"
    assert in_dropbox["/Filserver/Avdelning 000/Projekt 00001/dokument 007.txt"] == content_hash_of_file(
        sample
    )


def test_rerunning_uploads_nothing_and_makes_no_conflict_copies(connected_engagement, dropbox_sandbox, share):
    scanned(connected_engagement, share)
    _bulk_here(connected_engagement)
    before = dropbox_files(connected_engagement)
    dropbox_sandbox.reset_call_counts()
    again = _bulk_here(connected_engagement)
    assert again.files_total == 0
    assert upload_calls(dropbox_sandbox.call_counts()) == 0
    assert dropbox_files(connected_engagement) == before


def test_a_file_changed_after_the_scan_is_left_for_the_delta(connected_engagement, share):
    scanned(connected_engagement, share)
    changed = share / "Avdelning 000" / "Projekt 00002" / "dokument 010.txt"
    changed.write_bytes(b"new content, longer than before")
    job = _bulk_here(connected_engagement)
    entry = ManifestEntry.objects.get(
        engagement=connected_engagement, source_path__endswith="Projekt 00002/dokument 010.txt"
    )
    assert entry.state == ManifestEntry.State.CHANGED_DURING_READ
    assert "/Filserver/Avdelning 000/Projekt 00002/dokument 010.txt" not in dropbox_files(
        connected_engagement
    )
    assert job.files_done == 59


def test_large_files_go_in_chunks_with_the_right_content_hash(connected_engagement, tmp_path):
    root = tmp_path / "share"
    (root / "Film").mkdir(parents=True)
    big = root / "Film" / "video.mov"
    big.write_bytes(os.urandom(20 * 1024 * 1024 + 123))
    (root / "Film" / "empty.txt").write_bytes(b"")
    (root / "Tom mapp").mkdir()
    scanned(connected_engagement, root)
    job = _bulk_here(connected_engagement)
    assert job.status == MigrationJob.Status.DONE
    in_dropbox = dropbox_files(connected_engagement)
    assert in_dropbox["/Filserver/Film/video.mov"] == content_hash_of_file(big)
    assert "/Filserver/Film/empty.txt" in in_dropbox
    assert (
        ManifestEntry.objects.filter(
            engagement=connected_engagement, state=ManifestEntry.State.UPLOADED, kind=ManifestEntry.Kind.FILE
        ).count()
        == 2
    )
