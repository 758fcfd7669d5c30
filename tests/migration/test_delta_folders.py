"""Folder rows: in Dropbox after the bulk and after a delta that made them, so a delta after that
lists no folder to create."""

import pytest

from dropbox_integration.client import files_client
from dropbox_integration.retry import with_retries
from migration.delta_plan import delta_plan_build
from migration.models import ManifestEntry, MigrationJob
from migration.services.bulk import migration_start_bulk
from migration.services.delta import delta_detect, migration_start_delta
from migration.services.runner import job_run_here
from tests.migration.bulk_helpers import scanned
from tests.migration.tree import make_plain_tree


@pytest.fixture
def share(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=20, per_folder=10)
    scanned(connected_engagement, root)
    job = migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False)
    assert job_run_here(job_id=job.pk).status == MigrationJob.Status.DONE
    return root


def _folder_states(engagement) -> dict[str, str]:
    return dict(
        ManifestEntry.objects.filter(engagement=engagement, kind=ManifestEntry.Kind.FOLDER)
        .exclude(target_path="")
        .values_list("source_path", "state")
    )


def test_after_the_bulk_every_folder_row_is_uploaded(connected_engagement, share):
    states = _folder_states(connected_engagement)
    assert states and set(states.values()) == {ManifestEntry.State.UPLOADED}


def test_a_new_folder_made_by_the_delta_is_in_dropbox_and_not_listed_again(
    connected_engagement, dropbox_sandbox, share
):
    (share / "Ny mapp" / "Tom undermapp").mkdir(parents=True)
    (share / "Ny mapp" / "fil.txt").write_bytes(b"ny")
    delta_detect(engagement=connected_engagement, user=None)
    job = migration_start_delta(engagement=connected_engagement, user=None, enqueue=False)
    assert job_run_here(job_id=job.pk).status == MigrationJob.Status.DONE

    states = _folder_states(connected_engagement)
    assert states["Ny mapp"] == ManifestEntry.State.UPLOADED
    assert states["Ny mapp/Tom undermapp"] == ManifestEntry.State.UPLOADED
    metadata = with_retries(
        files_client(connected_engagement).files_get_metadata, "/Filserver/Ny mapp/Tom undermapp"
    )
    assert metadata.name == "Tom undermapp"
    delta_detect(engagement=connected_engagement, user=None)
    assert delta_plan_build(engagement=connected_engagement).folders == []
