"""The scan's estimated migration time, from the latest bulk job's measured throughput."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from migration.models import MigrationJob
from migration.services.scan import estimate_migration_seconds


def test_without_a_finished_job_the_defaults_add_a_byte_and_a_file_cost(db):
    estimate = estimate_migration_seconds(files=400, bytes=100 * settings.MIGRATION_BYTES_PER_SECOND)
    assert estimate == 100 + int(400 / settings.MIGRATION_FILES_PER_SECOND)


def test_the_same_share_again_takes_the_measured_jobs_time(engagement):
    finished = timezone.now()
    MigrationJob.objects.create(
        engagement=engagement,
        kind=MigrationJob.Kind.BULK,
        status=MigrationJob.Status.DONE,
        files_total=10_000,
        files_done=10_000,
        bytes_total=2_000_000_000,
        bytes_done=2_000_000_000,
        started_at=finished - timedelta(seconds=600),
        finished_at=finished,
    )
    assert estimate_migration_seconds(files=10_000, bytes=2_000_000_000) == 600
    assert estimate_migration_seconds(files=20_000, bytes=4_000_000_000) == 1200
