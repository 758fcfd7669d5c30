"""A running batch's claim is renewed on a clock, so a short stale period never takes a live
worker's batch, and a dead worker's batch is free again within that period."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from migration.models import MigrationBatch, MigrationJob
from migration.transfer.batch_run import batch_claim, claim_heartbeat
from tests.factories import make_engagement

pytestmark = pytest.mark.django_db(transaction=True)  # the heartbeat writes from its own thread


@pytest.fixture
def running_batch():
    job = MigrationJob.objects.create(
        engagement=make_engagement(), kind=MigrationJob.Kind.BULK, status=MigrationJob.Status.RUNNING
    )
    return MigrationBatch.objects.create(job=job, kind=MigrationBatch.Kind.SMALL)


def test_a_live_batch_keeps_its_claim_through_a_call_longer_than_the_stale_period(settings, running_batch):
    settings.MIGRATION_BATCH_STALE_SECONDS = 1.5
    attempt = batch_claim(batch_id=running_batch.pk, worker="alive:1")
    with claim_heartbeat(batch_id=running_batch.pk, attempt=attempt):
        time.sleep(2.5)  # one slow Dropbox call, with no heartbeat of its own
        assert batch_claim(batch_id=running_batch.pk, worker="other:2") is None
    running_batch.refresh_from_db()
    assert running_batch.claimed_by == "alive:1"
    assert timezone.now() - running_batch.claimed_at < timedelta(seconds=1.5)


def test_a_dead_workers_batch_is_taken_once_the_stale_period_passed(settings, running_batch):
    settings.MIGRATION_BATCH_STALE_SECONDS = 1
    batch_claim(batch_id=running_batch.pk, worker="killed:1")  # and then no heartbeat ever again
    assert batch_claim(batch_id=running_batch.pk, worker="other:2") is None
    time.sleep(1.2)
    assert batch_claim(batch_id=running_batch.pk, worker="other:2") == 2
