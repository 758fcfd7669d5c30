"""A Retry-After that one worker hears from Dropbox holds back every worker of the team."""

import threading
import time

import pytest

from dropbox_integration.models import DropboxConnection
from migration.transfer.dropbox_calls import caller_for
from migration.transfer.limiter import limiter_for_team


@pytest.fixture
def fast_retries(settings):
    settings.DROPBOX_RETRY_BASE_SECONDS = 0.01
    settings.DROPBOX_RETRY_MAX_BACKOFF_SECONDS = 0.05


def test_a_rate_limit_sets_the_shared_back_off(connected_engagement, dropbox_sandbox, fast_retries):
    caller = caller_for(connected_engagement)
    team = DropboxConnection.objects.get(engagement=connected_engagement).team_id
    other_worker = limiter_for_team(team)
    dropbox_sandbox.set_faults(rate_limit=1.0, retry_after=2)
    done = threading.Event()

    def first_worker():
        caller.write("files_create_folder_v2", "/Filserver/limited")
        done.set()

    thread = threading.Thread(target=first_worker)
    try:
        thread.start()
        deadline = time.monotonic() + 10
        while other_worker.back_off_until() <= time.time() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert other_worker.back_off_until() > time.time()  # heard by the other worker's limiter
    finally:
        dropbox_sandbox.reset_faults()
    thread.join(timeout=30)
    assert done.is_set()  # and the first call went through once Dropbox let it
