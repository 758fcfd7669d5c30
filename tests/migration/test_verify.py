"""Verification lists the Dropbox side and compares it with the manifest, file by file."""

import dropbox
import pytest

from dropbox_integration.client import files_client
from dropbox_integration.retry import with_retries
from migration.models import ManifestEntry
from migration.selectors import verification_result
from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_run_here
from migration.services.verify import migration_verify
from tests.migration.bulk_helpers import scanned
from tests.migration.tree import make_plain_tree

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English msgids


@pytest.fixture
def migrated(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=30, per_folder=10)
    scanned(connected_engagement, root)
    job = migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False)
    job_run_here(job_id=job.pk)
    return connected_engagement


def _verify(engagement):
    job = migration_verify(engagement=engagement, user=None, enqueue=False)
    return verification_result(job_run_here(job_id=job.pk))


def test_a_complete_migration_verifies(migrated):
    result = _verify(migrated)
    assert result["passed"]
    assert result["verified"] == 30
    assert result["missing"] == result["mismatched"] == result["extra"] == 0
    assert (
        not ManifestEntry.objects.filter(engagement=migrated, kind="file").exclude(state="verified").exists()
    )


def test_missing_changed_and_extra_files_are_listed(migrated):
    client = files_client(migrated)
    changed = "/Filserver/Avdelning 000/Projekt 00000/dokument 001.txt"
    removed = "/Filserver/Avdelning 000/Projekt 00001/dokument 002.txt"
    with_retries(client.files_upload, b"tampered", changed, mode=dropbox.files.WriteMode.overwrite)
    with_retries(client.files_delete_v2, removed)
    with_retries(client.files_upload, b"stray", "/Filserver/stray.txt")
    result = _verify(migrated)
    assert not result["passed"]
    assert result["missing_paths"] == ["Avdelning 000/Projekt 00001/dokument 002.txt"]
    assert result["mismatched_paths"] == ["Avdelning 000/Projekt 00000/dokument 001.txt"]
    assert result["extra_paths"] == ["/filserver/stray.txt"]
    failed = ManifestEntry.objects.get(
        engagement=migrated, source_path="Avdelning 000/Projekt 00001/dokument 002.txt"
    )
    assert failed.state == ManifestEntry.State.FAILED
    assert "Missing" in failed.last_error
