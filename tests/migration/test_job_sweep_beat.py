"""Beat's sweep closes a running job whose batches are all done, even when nothing else asks."""

import pytest
from django.conf import settings

from migration.models import MigrationBatch, MigrationJob
from migration.tasks import migration_jobs_sweep_running

pytestmark = pytest.mark.django_db


def test_the_sweep_is_scheduled_by_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "migration.bulk_tasks.migration_jobs_sweep_running" in tasks


def test_a_running_job_whose_batches_are_done_is_closed(connected_engagement):
    job = MigrationJob.objects.create(
        engagement=connected_engagement, kind=MigrationJob.Kind.BULK, status=MigrationJob.Status.RUNNING
    )
    MigrationBatch.objects.create(job=job, kind=MigrationBatch.Kind.SMALL, status=MigrationBatch.Status.DONE)
    still_working = MigrationJob.objects.create(
        engagement=connected_engagement, kind=MigrationJob.Kind.DELTA, status=MigrationJob.Status.RUNNING
    )
    MigrationBatch.objects.create(
        job=still_working, kind=MigrationBatch.Kind.SMALL, status=MigrationBatch.Status.PENDING
    )

    migration_jobs_sweep_running()

    job.refresh_from_db()
    still_working.refresh_from_db()
    assert job.status == MigrationJob.Status.DONE
    assert still_working.status == MigrationJob.Status.RUNNING
