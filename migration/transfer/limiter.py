"""A team-wide limiter for writes to Dropbox, shared by every worker on every machine.

Dropbox limits writes per team, not per client: ten workers that each obey their own
limit still earn 429s together. So the limits live in Redis, keyed by team:

1. At most `max_writes` write calls in flight per team (a semaphore of leases that expire,
   so a worker killed while holding one does not keep it).
2. One batch commit (`finish_batch`, `move_batch`) at a time per namespace, as Dropbox asks:
   commits to one namespace are serialised on its side anyway, and parallel ones conflict.
3. A shared "back off until" time: when any worker gets a `Retry-After`, every worker waits
   it out before its next call, instead of each one finding out by its own 429.

Without REDIS_URL (the embedded run, SQLite tests) a process-local limiter with the same
interface does the same for the threads of one process.
"""

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings

DEFAULT_MAX_WRITES = 8
# A lease outlives any single API call (uploads are at most one chunk per call); it only
# matters when its holder died.
LEASE_SECONDS = 300
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


class RedisLimiter(LimiterBase):
    def __init__(self, team_key: str, *, max_writes: int = DEFAULT_MAX_WRITES, url: str):
        super().__init__(team_key, max_writes=max_writes)
        self.redis = redis_client(url)
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
                return token
            time.sleep(POLL_SECONDS)

    def _release_slot(self, token: str) -> None:
        self.redis.zrem(self.slots_key, token)

    def _acquire_commit(self, namespace: str) -> str:
        token = uuid.uuid4().hex
        key = f"{self.commit_prefix}:{namespace}"
        while not self.redis.set(key, token, nx=True, ex=LEASE_SECONDS):
            time.sleep(POLL_SECONDS)
        return token

    def _release_commit(self, namespace: str, token: str) -> None:
        self._release_script(keys=[f"{self.commit_prefix}:{namespace}"], args=[token])


def limiter_for_team(team_key: str, *, max_writes: int | None = None) -> LimiterBase:
    """The team's limiter: in Redis when REDIS_URL is set, else local to this process."""
    writes = max_writes or settings.MIGRATION_MAX_CONCURRENT_WRITES
    if settings.REDIS_URL:
        return RedisLimiter(team_key, max_writes=writes, url=settings.REDIS_URL)
    return LocalLimiter(team_key, max_writes=writes)
