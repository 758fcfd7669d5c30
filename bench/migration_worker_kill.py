"""Benchmark: what a worker killed mid-bulk costs, against a run without the kill in the same run.

    REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgres://postgres@127.0.0.1:5432/macforum \
        .venv/bin/python bench/migration_worker_kill.py [--files 3000] [--file-kb 128]

1. Makes a share of N small files (one per engagement, the same sizes), starts the Dropbox sandbox
   in its own process and two real Celery worker processes (`celery worker`, one task at a time
   each) on a queue of their own, against Redis and the database.
2. Baseline: a bulk migration of the first share, no kill.
3. Kill run: the same bulk of the second share; at about 30 % of the files uploaded, SIGKILL
   the worker that holds a running batch (its whole process group, as a crashed host).
4. Prints, per run: total time from start to done, and the stall: the longest time the job's
   uploaded-file count did not move. The stall of the kill run minus the baseline's is what the
   dead worker cost: the claim going stale (MIGRATION_BATCH_STALE_SECONDS, 30 s by default; the
   claim renews every third of it) and the sweep that hands the batch to the other worker.
No beat runs: the batches' own sweeps and the job's watch are what hand the batch back.

With a PostgreSQL DATABASE_URL the bench uses a database of its own on that server
(`<name>_bench_worker_kill`, made afresh); without one, SQLite in a temporary folder.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

KILL_AT = 0.30


def bench_database_url(workdir: Path) -> str:
    """A fresh database for the bench: its own PostgreSQL database beside DATABASE_URL's, or SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'macforum'}_bench_worker_kill"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


class Worker:
    """One `celery worker` process (prefork, one task at a time) in a process group of its own."""

    def __init__(self, *, queue: str, name: str, log: Path):
        self.queue, self.name, self.log = queue, name, log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> None:
        env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": self.queue, "CELERY_TASK_ALWAYS_EAGER": "false"}
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "macforum_projects", "worker", "-Q", self.queue,
                "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
                "-n", f"{self.name}@%h",
            ],
            cwd=REPO, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"worker {self.name} exited at start; see {self.log}")
            if b" ready." in self.log.read_bytes():
                return
            time.sleep(0.2)
        raise SystemExit(f"worker {self.name} did not start in {timeout:.0f} s; see {self.log}")

    def holds(self, pid: int) -> bool:
        """Whether process `pid` (a claim's worker_name) is this worker or one of its pool processes."""
        try:
            return os.getpgid(pid) == self.process.pid
        except ProcessLookupError:
            return False

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def prepared_engagement(workdir: Path, label: str, files: int, file_kb: int):
    """A connected engagement in migrating with a scanned share of `files` files of `file_kb` KiB."""
    from bench.migration_upload import connected_engagement, scan

    root = workdir / f"share-{label}"
    payload = os.urandom(file_kb * 1024)
    for number in range(files):
        folder = root / f"Avdelning {number // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        # Distinct contents: the number first, so every file has its own content hash.
        (folder / f"fil {number:05d}.bin").write_bytes(number.to_bytes(4, "big") + payload[4:])
    engagement = connected_engagement()
    scan(engagement, root)
    return engagement


def run_bulk(engagement, workers: list[Worker] | None = None, *, timeout: float = 900) -> dict:
    """Start the bulk on the workers and sample its progress until it is done; with `workers`,
    SIGKILL the one holding a running batch once KILL_AT of the files are uploaded."""
    from migration.models import MigrationBatch, MigrationJob
    from migration.services.bulk import migration_start_bulk

    started = time.monotonic()
    job = migration_start_bulk(engagement=engagement, user=None)
    last_done, last_change, longest_gap = 0, started, 0.0
    killed_at = None
    while True:
        job = MigrationJob.objects.get(pk=job.pk)
        now = time.monotonic()
        if job.files_done != last_done:
            longest_gap = max(longest_gap, now - last_change)
            last_done, last_change = job.files_done, now
        if job.status in (MigrationJob.Status.DONE, MigrationJob.Status.FAILED):
            longest_gap = max(longest_gap, now - last_change)
            break
        if workers and killed_at is None and job.files_total and job.files_done >= KILL_AT * job.files_total:
            for claim in MigrationBatch.objects.filter(
                job=job, status=MigrationBatch.Status.RUNNING
            ).values_list("claimed_by", flat=True):
                pid = int(claim.rpartition(":")[2]) if claim.rpartition(":")[2].isdigit() else 0
                victim = next((worker for worker in workers if pid and worker.holds(pid)), None)
                if victim is not None:
                    victim.kill()
                    killed_at = now - started
                    print(
                        f"  killed {victim.name} at {job.files_done}/{job.files_total} files, "
                        f"{killed_at:.1f} s"
                    )
                    break
        if now - started > timeout:
            raise SystemExit(
                f"the bulk did not finish in {timeout:.0f} s ({job.files_done}/{job.files_total})"
            )
        time.sleep(0.1)
    total = time.monotonic() - started
    assert job.status == MigrationJob.Status.DONE, job.error
    assert job.files_done == job.files_total, (job.files_done, job.files_total)
    return {
        "total": total,
        "stall": longest_gap,
        "files": job.files_done,
        "bytes": job.bytes_done,
        "killed_at": killed_at,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--file-kb", type=int, default=128)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("set REDIS_URL: the workers take their tasks from Redis")
    with tempfile.TemporaryDirectory(prefix="bench-worker-kill-") as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = bench_database_url(workdir)
        from bench.migration_upload import SandboxProcess, prepare_environment

        prepare_environment(workdir)
        from django.conf import settings

        queue = f"bench-kill-{uuid.uuid4().hex[:8]}"
        from macforum_projects.celery import app as celery_app

        celery_app.conf.task_default_queue = queue
        server = SandboxProcess()
        workers: list[Worker] = []
        try:
            baseline_engagement = prepared_engagement(workdir, "baseline", args.files, args.file_kb)
            kill_engagement = prepared_engagement(workdir, "kill", args.files, args.file_kb)
            database = os.environ["DATABASE_URL"].partition(":")[0]
            print(
                f"{args.files} files of {args.file_kb} KiB, 2 workers, {database} + Redis, "
                f"MIGRATION_BATCH_STALE_SECONDS={settings.MIGRATION_BATCH_STALE_SECONDS}"
            )

            def start_workers() -> list[Worker]:
                started = [
                    Worker(queue=queue, name=f"w{n}-{queue}", log=workdir / f"w{n}.log") for n in (1, 2)
                ]
                for worker in started:
                    worker.start()
                return started

            workers = start_workers()
            baseline = run_bulk(baseline_engagement)
            print(f"  baseline: {baseline['total']:.1f} s, longest gap in progress {baseline['stall']:.1f} s")
            for worker in workers:
                worker.stop()
            workers = start_workers()
            killed = run_bulk(kill_engagement, workers)
            print(
                f"  one worker SIGKILLed: {killed['total']:.1f} s, "
                f"longest gap in progress {killed['stall']:.1f} s"
            )
            if killed["killed_at"] is None:
                raise SystemExit("no worker was killed: no batch was running past 30 % (more files?)")
            megabytes = baseline["bytes"] / 1e6
            print(
                f"result: {args.files} files ({megabytes:.0f} MB): baseline {baseline['total']:.1f} s "
                f"({megabytes / baseline['total']:.1f} MB/s, longest gap {baseline['stall']:.1f} s); "
                f"killed at {killed['killed_at']:.1f} s: {killed['total']:.1f} s "
                f"({megabytes / killed['total']:.1f} MB/s, longest gap {killed['stall']:.1f} s); "
                f"the kill cost {killed['total'] - baseline['total']:.1f} s"
            )
        finally:
            for worker in workers:
                worker.stop()
            server.stop()


if __name__ == "__main__":
    main()
