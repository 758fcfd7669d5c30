"""`migration bulk|verify REF` without --here and without a worker: after the wait for a worker
(30 s; shortened here) with no fresh worker heartbeat, the command says no worker is running,
suggests --here or starting the worker, fails the queued job and exits non-zero, instead of
waiting forever. A fresh heartbeat (a busy worker) keeps it following."""

from datetime import timedelta

import pytest
from django.core.management import CommandError
from django.utils import timezone

from engagements.models import WorkerHeartbeat
from migration.models import MigrationJob
from migration.services.bulk import migration_start_bulk
from migration.services.runner import JobTimedOut, job_follow
from tests.migration.bulk_helpers import run_migration_command, scanned
from tests.migration.tree import make_plain_tree

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English msgids

NO_WORKER = (
    "No worker is running: no worker heartbeat in the last 90 seconds, and nobody took the job in "
    "1 seconds. Run the command again with --here to do the work in this process, or start the "
    "worker (celery -A macforum_projects worker, and beat)."
)


@pytest.fixture
def share(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=5, per_folder=5)
    scanned(connected_engagement, root)
    return root


@pytest.fixture
def short_wait(monkeypatch):
    """Wait one second for a worker, not thirty."""
    monkeypatch.setattr("migration.services.runner.NO_WORKER_AFTER_SECONDS", 1)


def test_bulk_without_a_worker_says_so_and_exits_non_zero(connected_engagement, share, short_wait):
    with pytest.raises(CommandError) as refusal:
        run_migration_command("bulk", connected_engagement.reference)
    assert str(refusal.value) == NO_WORKER
    assert refusal.value.returncode == 2
    job = MigrationJob.objects.get(engagement=connected_engagement, kind=MigrationJob.Kind.BULK)
    assert job.status == MigrationJob.Status.FAILED
    assert job.error == NO_WORKER
    # The failed job is out of the way: the advice works.
    code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 0, err
    assert "Uploaded 5 of 5 files" in out


def test_verify_without_a_worker_says_so_too(connected_engagement, share, short_wait):
    with pytest.raises(CommandError) as refusal:
        run_migration_command("verify", connected_engagement.reference)
    assert str(refusal.value) == NO_WORKER


def test_a_heartbeat_older_than_its_freshness_counts_as_no_worker(connected_engagement, share, short_wait):
    beat = WorkerHeartbeat.objects.create(hostname="gone")
    WorkerHeartbeat.objects.filter(pk=beat.pk).update(seen_at=timezone.now() - timedelta(seconds=91))
    with pytest.raises(CommandError) as refusal:
        run_migration_command("bulk", connected_engagement.reference)
    assert str(refusal.value) == NO_WORKER


def test_a_fresh_heartbeat_keeps_the_follower_waiting(connected_engagement, share, short_wait):
    WorkerHeartbeat.objects.create(hostname="busy-worker")
    job = migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False)
    lines = []
    with pytest.raises(JobTimedOut):
        job_follow(job_id=job.pk, out=lines.append, interval=0.2, timeout=2)
    job.refresh_from_db()
    assert job.status == MigrationJob.Status.QUEUED
    assert "No worker has taken the job in 30 seconds: is a Celery worker running? (Or use --here.)" in lines
