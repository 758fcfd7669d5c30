"""A real Celery worker process for the tests that must prove the queue path end to end.

The worker gets its own queue name, so test runs on one machine never take each other's
tasks, and the test database's name, so what it writes the test can read.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from macforum_projects.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def worker_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name == ":memory:" or name.startswith("file:memorydb"):
            pytest.skip("a worker process needs a file database: set TEST_DATABASE_NAME")
        return f"sqlite:///{name}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def require_redis() -> None:
    if not settings.REDIS_URL:
        pytest.skip("the real-worker tests run against Redis: set REDIS_URL")


@contextmanager
def celery_worker_process(*, concurrency: int = 1, extra_env: dict | None = None, log_name: str = "worker"):
    """Start `celery worker` in a new process group; yield a handle with .kill() and .restart()."""
    require_redis()
    queue = f"test-{uuid.uuid4().hex[:10]}"
    handle = _WorkerHandle(queue=queue, concurrency=concurrency, extra_env=extra_env or {}, log_name=log_name)
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        handle.start()
        yield handle
    finally:
        handle.stop()
        celery_app.conf.task_default_queue = previous_queue


class _WorkerHandle:
    def __init__(self, *, queue, concurrency, extra_env, log_name):
        self.queue = queue
        self.concurrency = concurrency
        self.extra_env = extra_env
        self.log_path = Path(settings.VAR_DIR) / "test-logs" / f"{log_name}-{queue}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # The roots the test configured (tests/conftest.py), so the worker reads the same shares.
            "MIGRATION_SOURCE_ROOTS": ",".join(str(root) for root in settings.MIGRATION_SOURCE_ROOTS),
            **self.extra_env,
        }
        env.pop("TEST_DATABASE_NAME", None)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "macforum_projects",
                "worker",
                "-Q",
                self.queue,
                "--concurrency",
                str(self.concurrency),
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{self.queue}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited at start; see {self.log_path}")
            if b" ready." in self.log_path.read_bytes():
                return
            time.sleep(0.2)
        raise RuntimeError(f"the worker did not start in {timeout}s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its children), as a crashed host would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.kill()
        self.log_path.write_bytes(b"")
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
