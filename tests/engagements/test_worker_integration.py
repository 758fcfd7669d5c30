"""One task, through Redis, run by a real worker process, writing to the test database."""

import pytest
from django.db import transaction

from engagements.models import WorkerHeartbeat
from engagements.tasks import record_worker_heartbeat
from tests.worker import celery_worker_process, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_task_runs_in_a_real_worker_and_writes_to_the_database():
    with celery_worker_process():
        with transaction.atomic():
            # Enqueued after commit: inside the block nothing has been sent yet.
            record_worker_heartbeat.delay_on_commit()
            assert WorkerHeartbeat.objects.count() == 0

        heartbeat = wait_until(
            lambda: WorkerHeartbeat.objects.first(), timeout=60, message="the heartbeat row"
        )
    assert heartbeat.hostname
