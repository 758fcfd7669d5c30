"""A team-wide limiter for writes to Dropbox, shared by every worker on every machine.

Dropbox limits writes per team, not per client: ten workers that each obey their own
limit still earn 429s together. So the limits live in Redis, keyed by team:

1. At most `max_writes` write calls in flight per team (a semaphore of leases that expire,
   so a worker killed while holding one does not keep it: a lease lasts LEASE_SECONDS and a
   thread of the holder's process renews it while the call runs, see LeaseKeeper).
2. One batch commit (`finish_batch`, `move_batch`) at a time per namespace, as Dropbox asks:
   commits to one namespace are serialised on its side anyway, and parallel ones conflict.
3. A shared "back off until" time: when any worker gets a `Retry-After`, every worker waits
   it out before its next call, instead of each one finding out by its own 429.

Without REDIS_URL (the embedded run, SQLite tests) a process-local limiter with the same
interface does the same for the threads of one process.
"""

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_MAX_WRITES = 8
# A lease lives this long unless its holder renews it (LeaseKeeper, every third of it): a worker
# killed while holding a write slot or the commit lock costs the others at most this long.
# (It was 300 s, outliving any call without renewal, and a worker killed during a batch commit
# held every other worker of the team back for five minutes.)
LEASE_SECONDS = 10
POLL_SECONDS = 0.05


class LimiterBase:
    """The interface both limiters share."""

    def __init__(self, team_key: str, *, max_writes: int = DEFAULT_MAX_WRITES):
        self.team_key = team_key
        self.max_writes = max_writes

    @contextmanager
    def write_slot(self) -> Iterator[None]:
        """Hold one of the team's write slots for one API call; waits out a shared back-off first."""
        self.wait_for_back_off()
        token = self._acquire_slot()
        try:
            yield
        finally:
            self._release_slot(token)

    @contextmanager
    def commit_lock(self, namespace: str) -> Iterator[None]:
        """The one batch commit running for `namespace` team-wide."""
        token = self._acquire_commit(namespace)
        try:
            yield
        finally:
            self._release_commit(namespace, token)

    def back_off(self, seconds: float) -> None:
        """Ask every worker of this team to make no call for `seconds` from now."""
        self._extend_back_off(time.time() + max(0.0, float(seconds)))

    def wait_for_back_off(self) -> None:
        while True:
            remaining = self.back_off_until() - time.time()
            if remaining <= 0:
                return
            time.sleep(min(remaining, 1.0))

    # Implemented by each backend.
    def back_off_until(self) -> float:
        raise NotImplementedError

    def _extend_back_off(self, until: float) -> None:
        raise NotImplementedError

    def _acquire_slot(self) -> str:
        raise NotImplementedError

    def _release_slot(self, token: str) -> None:
        raise NotImplementedError

    def _acquire_commit(self, namespace: str) -> str:
        raise NotImplementedError

    def _release_commit(self, namespace: str, token: str) -> None:
        raise NotImplementedError


class LocalLimiter(LimiterBase):
    """The same limits for the threads of one process (no Redis)."""

    _registry_lock = threading.Lock()
    _state: dict[str, dict] = {}

    def __init__(self, team_key: str, *, max_writes: int = DEFAULT_MAX_WRITES):
        super().__init__(team_key, max_writes=max_writes)
        with self._registry_lock:
            self.shared = self._state.setdefault(
                team_key,
                {
                    "slots": threading.BoundedSemaphore(max_writes),
                    "commit_locks": {},
                    "back_off_until": 0.0,
                    "lock": threading.Lock(),
                },
            )

    def back_off_until(self) -> float:
        return self.shared["back_off_until"]

    def _extend_back_off(self, until: float) -> None:
        with self.shared["lock"]:
            self.shared["back_off_until"] = max(self.shared["back_off_until"], until)

    def _acquire_slot(self) -> str:
        self.shared["slots"].acquire()
        return ""

    def _release_slot(self, token: str) -> None:
        self.shared["slots"].release()

    def _namespace_lock(self, namespace: str) -> threading.Lock:
        with self.shared["lock"]:
            return self.shared["commit_locks"].setdefault(namespace, threading.Lock())

    def _acquire_commit(self, namespace: str) -> str:
        self._namespace_lock(namespace).acquire()
        return ""

    def _release_commit(self, namespace: str, token: str) -> None:
        self._namespace_lock(namespace).release()


# Take a lease when fewer than the limit are live; dead holders' leases expire by score.
_ACQUIRE_SLOT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
    redis.call('EXPIRE', KEYS[1], ARGV[5])
    return 1
end
return 0
"""
# Delete the lock only if we still hold it (it may have expired and passed to another).
_RELEASE_IF_HELD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""
# Renew a lease only while we still hold it.
_RENEW_SLOT_IF_HELD = """
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])
    redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return 1
"""
_RENEW_LOCK_IF_HELD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# Only ever move the back-off time later.
_EXTEND_BACK_OFF = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
"""


@cache
def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url)


class LeaseKeeper:
    """One thread per process that renews the leases this process holds, every third of
    LEASE_SECONDS, so a live call never loses its lease and a dead process's leases expire soon."""

    def __init__(self, redis):
        self.redis = redis
        self.renew_slot = redis.register_script(_RENEW_SLOT_IF_HELD)
        self.renew_lock = redis.register_script(_RENEW_LOCK_IF_HELD)
        self.held: dict[str, tuple[str, str]] = {}  # token -> ("slot" or "lock", key)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def hold(self, token: str, kind: str, key: str) -> None:
        with self.lock:
            self.held[token] = (kind, key)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._renew, name="limiter-leases", daemon=True)
                self.thread.start()

    def release(self, token: str) -> None:
        with self.lock:
            self.held.pop(token, None)

    def _renew(self) -> None:
        while True:
            time.sleep(LEASE_SECONDS / 3)
            with self.lock:
                held = list(self.held.items())
            for token, (kind, key) in held:
                try:
                    if kind == "slot":
                        expires = time.time() + LEASE_SECONDS
                        self.renew_slot(keys=[key], args=[token, expires, LEASE_SECONDS * 2])
                    else:
                        self.renew_lock(keys=[key], args=[token, LEASE_SECONDS])
                except Exception:  # noqa: BLE001 - Redis away for a moment: the next round tries again
                    logger.warning("could not renew a Dropbox limiter lease this time", exc_info=True)


@cache
def lease_keeper(url: str) -> LeaseKeeper:
    return LeaseKeeper(redis_client(url))


class RedisLimiter(LimiterBase):
    def __init__(self, team_key: str, *, max_writes: int = DEFAULT_MAX_WRITES, url: str):
        super().__init__(team_key, max_writes=max_writes)
        self.redis = redis_client(url)
        self.leases = lease_keeper(url)
        prefix = f"macforum:dropbox-limiter:{team_key}"
        self.slots_key = f"{prefix}:writes"
        self.back_off_key = f"{prefix}:back-off-until"
        self.commit_prefix = f"{prefix}:commit"
        self._acquire_script = self.redis.register_script(_ACQUIRE_SLOT)
        self._release_script = self.redis.register_script(_RELEASE_IF_HELD)
        self._back_off_script = self.redis.register_script(_EXTEND_BACK_OFF)

    def back_off_until(self) -> float:
        value = self.redis.get(self.back_off_key)
        return float(value) if value else 0.0

    def _extend_back_off(self, until: float) -> None:
        keep_ms = int(max(1.0, until - time.time() + 1) * 1000)
        self._back_off_script(keys=[self.back_off_key], args=[repr(until), keep_ms])

    def _acquire_slot(self) -> str:
        token = uuid.uuid4().hex
        while True:
            now = time.time()
            taken = self._acquire_script(
                keys=[self.slots_key],
                args=[now, now + LEASE_SECONDS, self.max_writes, token, LEASE_SECONDS * 2],
            )
            if taken:
                self.leases.hold(token, "slot", self.slots_key)
                return token
            time.sleep(POLL_SECONDS)

    def _release_slot(self, token: str) -> None:
        self.leases.release(token)
        self.redis.zrem(self.slots_key, token)

    def _acquire_commit(self, namespace: str) -> str:
        token = uuid.uuid4().hex
        key = f"{self.commit_prefix}:{namespace}"
        while not self.redis.set(key, token, nx=True, ex=LEASE_SECONDS):
            time.sleep(POLL_SECONDS)
        self.leases.hold(token, "lock", key)
        return token

    def _release_commit(self, namespace: str, token: str) -> None:
        self.leases.release(token)
        self._release_script(keys=[f"{self.commit_prefix}:{namespace}"], args=[token])


def limiter_for_team(team_key: str, *, max_writes: int | None = None) -> LimiterBase:
    """The team's limiter: in Redis when REDIS_URL is set, else local to this process."""
    writes = max_writes or settings.MIGRATION_MAX_CONCURRENT_WRITES
    if settings.REDIS_URL:
        return RedisLimiter(team_key, max_writes=writes, url=settings.REDIS_URL)
    return LocalLimiter(team_key, max_writes=writes)
