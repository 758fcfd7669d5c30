"""The team-wide limiter's leases in Redis: a process killed while it holds the commit lock or a
write slot holds the team back for LEASE_SECONDS at most, while a live holder keeps its lease for
as long as its call runs (it renews it). LEASE_SECONDS is shortened here to keep the test short."""

import time
import uuid

import pytest
from django.conf import settings

from migration.transfer.limiter import RedisLimiter, redis_client

LEASE = 2


@pytest.fixture
def short_leases(monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("the limiter's leases live in Redis: set REDIS_URL")
    monkeypatch.setattr("migration.transfer.limiter.LEASE_SECONDS", LEASE)


def _limiter(team, **options):
    return RedisLimiter(team, url=settings.REDIS_URL, **options)


def test_a_dead_holders_commit_lock_is_free_within_a_lease(short_leases):
    team = f"test-{uuid.uuid4().hex}"
    limiter = _limiter(team)
    # What a process SIGKILLed during a batch commit leaves behind: the lock, renewed by no one.
    redis_client(settings.REDIS_URL).set(f"{limiter.commit_prefix}:ns", "dead-worker", ex=LEASE)
    started = time.monotonic()
    with limiter.commit_lock("ns"):
        waited = time.monotonic() - started
    assert 0.5 < waited < LEASE + 1.5


def test_a_dead_holders_write_slot_is_free_within_a_lease(short_leases):
    team = f"test-{uuid.uuid4().hex}"
    limiter = _limiter(team, max_writes=1)
    redis_client(settings.REDIS_URL).zadd(limiter.slots_key, {"dead-worker": time.time() + LEASE})
    started = time.monotonic()
    with limiter.write_slot():
        waited = time.monotonic() - started
    assert 0.5 < waited < LEASE + 1.5


def test_a_live_holder_keeps_its_commit_lock_past_the_lease(short_leases):
    team = f"test-{uuid.uuid4().hex}"
    holder, other = _limiter(team), _limiter(team)
    with holder.commit_lock("ns"):
        time.sleep(LEASE * 3)  # a long commit: the lease is renewed meanwhile
        assert other.redis.get(f"{other.commit_prefix}:ns") is not None
        assert not other.redis.set(f"{other.commit_prefix}:ns", "intruder", nx=True, ex=5)
    with other.commit_lock("ns"):
        pass  # released at once when the holder is done
