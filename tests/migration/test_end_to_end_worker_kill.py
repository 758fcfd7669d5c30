"""The bar of issue 4: a real Celery worker, killed with SIGKILL mid-run and restarted, against a
sandbox that rate-limits, fails and drops connections; then verification passes with every file
present once with the right content hash, the exceptions report lists every renamed and skipped
file, and the source is unchanged."""

import os

import pytest

from migration.models import ManifestEntry, MigrationBatch, MigrationJob
from migration.reports.exceptions import exceptions_csv_rows
from migration.selectors import verification_result
from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_follow
from migration.services.verify import migration_verify
from tests.migration.bulk_helpers import dropbox_files, scanned
from tests.migration.tree import make_nasty_tree, make_plain_tree, tree_checksum
from tests.worker import celery_worker_process, require_redis, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FAULTS = {"rate_limit": 0.2, "server_error": 0.05, "drop": 0.02}


def _share(root):
    expected = make_nasty_tree(root / "Nasty")
    make_plain_tree(root / "Plain", files=1500, per_folder=250)
    (root / "Media").mkdir()
    for number in range(2):
        (root / "Media" / f"film {number}.mov").write_bytes(os.urandom(20 * 1024 * 1024 + number))
    return {f"Nasty/{path}": codes for path, codes in expected.items()}


def test_a_killed_worker_costs_one_batch_and_verify_passes(
    connected_engagement, dropbox_sandbox, coordinator, tmp_path, settings
):
    require_redis()
    root = tmp_path / "share"
    expected_exceptions = _share(root)
    before = tree_checksum(root)
    scan = scanned(connected_engagement, root, user=coordinator)
    settings.MIGRATION_BATCH_STALE_SECONDS = 8  # batches send heartbeats; a dead one is handed back soon
    dropbox_sandbox.set_faults(**FAULTS)
    try:
        with celery_worker_process(concurrency=2, log_name="b2-e2e") as worker:
            job = migration_start_bulk(engagement=connected_engagement, user=coordinator)

            def one_done_one_running():
                batches = MigrationBatch.objects.filter(job=job)
                return (
                    batches.filter(status=MigrationBatch.Status.DONE).exists()
                    and batches.filter(status=MigrationBatch.Status.RUNNING).exists()
                )

            wait_until(
                one_done_one_running, timeout=40, interval=0.05, message="a batch done and one running"
            )
            worker.kill()
            killed = MigrationBatch.objects.filter(job=job, status=MigrationBatch.Status.RUNNING).count()
            assert killed >= 1
            worker.restart()
            job = job_follow(job_id=job.pk, interval=0.5, timeout=90)
            assert job.status == MigrationJob.Status.DONE, job.error
            verify = migration_verify(engagement=connected_engagement, user=coordinator)
            verify = job_follow(job_id=verify.pk, interval=0.5, timeout=60)
    finally:
        dropbox_sandbox.reset_faults()

    result = verification_result(verify)
    assert result["passed"], result
    assert result["missing"] == result["mismatched"] == result["extra"] == 0
    to_migrate = ManifestEntry.objects.filter(
        engagement=connected_engagement, kind=ManifestEntry.Kind.FILE, action=ManifestEntry.Action.MIGRATE
    )
    assert to_migrate.exclude(state=ManifestEntry.State.VERIFIED).count() == 0
    # Once each: Dropbox holds exactly the files of the manifest, no "(1)" copies.
    in_dropbox = dropbox_files(connected_engagement)
    assert len(in_dropbox) == to_migrate.count() == result["verified"]
    assert not any(" (1)" in path for path in in_dropbox)
    # The report names every renamed and skipped file of the nasty tree.
    listed = {(row[2], row[1]) for row in list(exceptions_csv_rows(scan))[1:]}
    for path, codes in expected_exceptions.items():
        for code in codes:
            assert (path, code) in listed, (path, code)
    assert tree_checksum(root) == before
