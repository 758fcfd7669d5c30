"""The team-wide limiter: a cap on concurrent writes, one commit per namespace, and a shared
back-off every worker honours. The same behaviour in Redis and in one process."""

import threading
import time
import uuid

import pytest

from migration.transfer.limiter import LocalLimiter, RedisLimiter


def _limiters(settings, team):
    if settings.REDIS_URL:
        return [RedisLimiter(team, max_writes=2, url=settings.REDIS_URL) for _ in range(2)]
    return [LocalLimiter(team, max_writes=2) for _ in range(2)]


@pytest.fixture
def pair(settings):
    """Two limiters for one team, as two workers would hold them."""
    return _limiters(settings, f"test-{uuid.uuid4().hex}")


def _most_at_once(limiter_for, context_of, workers=6) -> int:
    inside = 0
    most = 0
    lock = threading.Lock()

    def work(index):
        nonlocal inside, most
        with context_of(limiter_for(index)):
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return most


def test_writes_are_capped_per_team(pair):
    assert _most_at_once(lambda i: pair[i % 2], lambda limiter: limiter.write_slot()) == 2


def test_one_commit_at_a_time_per_namespace(pair):
    assert _most_at_once(lambda i: pair[i % 2], lambda limiter: limiter.commit_lock("ns-1")) == 1


def test_a_retry_after_heard_by_one_is_honoured_by_all(pair):
    first, second = pair
    first.back_off(0.4)
    started = time.monotonic()
    with second.write_slot():
        waited = time.monotonic() - started
    assert waited >= 0.3


def test_back_off_only_moves_later(pair):
    first, second = pair
    first.back_off(0.5)
    until = second.back_off_until()
    second.back_off(0.1)
    assert first.back_off_until() == pytest.approx(until)


def test_other_teams_are_not_held_up(settings, pair):
    pair[0].back_off(5)
    other = _limiters(settings, f"test-{uuid.uuid4().hex}")[0]
    started = time.monotonic()
    with other.write_slot():
        pass
    assert time.monotonic() - started < 0.5
