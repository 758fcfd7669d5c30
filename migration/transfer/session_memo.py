"""Where a large file's upload session got to, so a worker that dies mid-file costs the chunk
it was sending, not the whole file: the next worker resumes the same session (Dropbox keeps
it for 7 days) at the recorded offset.

Kept in Redis when REDIS_URL is set (any worker on any machine can resume), else in this
process. The key includes the file's size and mtime, so a file that changed never resumes
an old session.
"""

import threading

from django.conf import settings

KEEP_SECONDS = 6 * 24 * 3600  # Dropbox keeps an upload session for 7 days


def memo_key(*, key: int, dropbox_path: str, size: int, mtime_ns: int) -> str:
    return f"macforum:upload-session:{key}:{size}:{mtime_ns}:{dropbox_path.lower()}"


class LocalSessionMemo:
    _lock = threading.Lock()
    _sessions: dict[str, tuple[str, int]] = {}

    def get(self, key: str) -> tuple[str, int] | None:
        with self._lock:
            return self._sessions.get(key)

    def put(self, key: str, session_id: str, offset: int) -> None:
        with self._lock:
            self._sessions[key] = (session_id, offset)

    def forget(self, key: str) -> None:
        with self._lock:
            self._sessions.pop(key, None)


class RedisSessionMemo:
    def __init__(self, url: str):
        from migration.transfer.limiter import redis_client

        self.redis = redis_client(url)

    def get(self, key: str) -> tuple[str, int] | None:
        value = self.redis.get(key)
        if not value:
            return None
        session_id, _, offset = value.decode().rpartition(" ")
        return session_id, int(offset)

    def put(self, key: str, session_id: str, offset: int) -> None:
        self.redis.set(key, f"{session_id} {offset}", ex=KEEP_SECONDS)

    def forget(self, key: str) -> None:
        self.redis.delete(key)


def session_memo():
    if settings.REDIS_URL:
        return RedisSessionMemo(settings.REDIS_URL)
    return LocalSessionMemo()
