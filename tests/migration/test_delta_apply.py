"""The delta migration: moves become Dropbox moves, changed and new files are uploaded, and
deletions are archived only when asked, never hard-deleted."""

import os
import shutil

import pytest
from django.utils import timezone

from dropbox_integration.client import files_client
from dropbox_integration.retry import with_retries
from migration.content_hash import content_hash_of_file
from migration.models import MigrationJob
from migration.services.bulk import migration_start_bulk
from migration.services.delta import delta_detect, migration_start_delta
from migration.services.runner import job_run_here
from tests.migration.bulk_helpers import dropbox_files, scanned, upload_calls
from tests.migration.tree import make_plain_tree


@pytest.fixture
def share(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=40, per_folder=10)
    scanned(connected_engagement, root)
    job = migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False)
    assert job_run_here(job_id=job.pk).status == MigrationJob.Status.DONE
    return root


def _delta(engagement, *, propagate_deletes=False) -> MigrationJob:
    delta_detect(engagement=engagement, user=None)
    job = migration_start_delta(
        engagement=engagement, user=None, propagate_deletes=propagate_deletes, enqueue=False
    )
    return job_run_here(job_id=job.pk)


def _file_id(engagement, path):
    return with_retries(files_client(engagement).files_get_metadata, path).id


def test_moves_changes_and_new_files(connected_engagement, dropbox_sandbox, share):
    old_folder = "/Filserver/Avdelning 000/Projekt 00001"
    moved_id = _file_id(connected_engagement, f"{old_folder}/dokument 003.txt")
    os.rename(share / "Avdelning 000" / "Projekt 00001", share / "Avdelning 000" / "Omdöpt projekt")
    changed = share / "Avdelning 000" / "Projekt 00002" / "dokument 004.txt"
    changed.write_bytes(b"a new version, longer")
    (share / "Avdelning 000" / "ny fil.txt").write_bytes(b"new")
    dropbox_sandbox.reset_call_counts()

    job = _delta(connected_engagement)

    assert job.status == MigrationJob.Status.DONE
    assert job.files_done == 2  # the changed and the new file; the moved folder was not uploaded again
    counts = dropbox_sandbox.call_counts()
    assert counts.get("files/move_batch_v2", 0) >= 1
    assert upload_calls({k: v for k, v in counts.items() if "upload_session" in k}) <= 5
    in_dropbox = dropbox_files(connected_engagement)
    new_folder = "/Filserver/Avdelning 000/Omdöpt projekt"
    assert f"{new_folder}/dokument 003.txt" in in_dropbox
    assert not any(path.startswith(old_folder + "/") for path in in_dropbox)
    assert _file_id(connected_engagement, f"{new_folder}/dokument 003.txt") == moved_id
    assert in_dropbox["/Filserver/Avdelning 000/Projekt 00002/dokument 004.txt"] == content_hash_of_file(
        changed
    )
    assert "/Filserver/Avdelning 000/ny fil.txt" in in_dropbox


def test_deletions_stay_unless_asked_then_go_to_the_dated_archive(connected_engagement, share):
    shutil.rmtree(share / "Avdelning 000" / "Projekt 00003")
    gone = "/Filserver/Avdelning 000/Projekt 00003/dokument 000.txt"

    _delta(connected_engagement)
    assert gone in dropbox_files(connected_engagement)

    _delta(connected_engagement, propagate_deletes=True)
    in_dropbox = dropbox_files(connected_engagement)
    day = timezone.localdate().isoformat()
    assert gone not in in_dropbox
    assert f"/Filserver/_Arkiv/{day}/Avdelning 000/Projekt 00003/dokument 000.txt" in in_dropbox
