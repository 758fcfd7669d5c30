"""Benchmark: the pages under load while a bulk migration runs, with a bare page as the ceiling.

    REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgres://postgres@127.0.0.1:5432/macforum \
        .venv/bin/python bench/load.py [--users 50] [--files 20000] [--seconds 0] [--fresh]

1. A database of its own on DATABASE_URL's server (`bench_load`; `--fresh` makes it afresh):
   `migrate` and `load_demo` (the demo engagements, as in the baseline), plus two connected
   engagements in migrating, each with a scanned share of --files small files.
2. Starts the Dropbox sandbox in its own process, gunicorn (3 sync workers, DEBUG off, static
   files collected and served by WhiteNoise) and one real Celery worker (threads pool, 4, as in
   the Procfile) on a queue of its own against Redis.
3. Unloaded: the bulk migration of the first share; files per second from start to done.
4. Loaded: Locust (headless, a process of its own) with --users users who each wait 1–5 s
   between requests, mixing the engagement list, an engagement page, the status page, the
   migration progress endpoint (as the status page's htmx poll) and the sign-in page, while the
   bulk migration of the second share runs; the load keeps on until the bulk is done (and at
   least --seconds). Every user is a signed-in coordinator (sessions made by the bench: the
   password hash is no part of a page's cost).
5. Prints requests per second, failures and p50/p95/p99 per page from Locust's statistics, each
   page's median against the sign-in page's (the ceiling: a Django view through the same
   middleware, session and base template, with no engagement work), and the migration's files
   per second with and without the load.

The same file is Locust's locustfile: Locust imports it under another name, and only then are the
user classes defined (the bench itself never imports Locust, whose gevent patches the process).
"""

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PAGES = ["engagement list", "engagement page", "status page", "migration progress"]
BARE = "sign-in page (bare)"
TARGET_MEDIAN_RATIO = 3.0
TARGET_P95_MS = 150
TARGET_MIGRATION_SHARE = 0.80

if __name__ != "__main__":  # imported by Locust as the locustfile
    import random

    from locust import HttpUser, between, task

    _PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())

    class Coordinator(HttpUser):
        """A coordinator with the pages open, who reads, clicks and waits as people do."""

        wait_time = between(1, 5)

        def on_start(self):
            session_key = _PLAN["sessions"].pop() if _PLAN["sessions"] else _PLAN["spare_session"]
            self.client.cookies.set(_PLAN["session_cookie"], session_key)

        def _get(self, path: str, name: str, ok=(200,), **headers):
            with self.client.get(
                path, name=name, headers=headers, allow_redirects=False, catch_response=True
            ) as r:
                if r.status_code not in ok:
                    r.failure(f"HTTP {r.status_code}")
                elif b"id_password" in r.content and name != BARE:
                    r.failure("got the sign-in page")

        @task
        def engagement_list(self):
            self._get("/engagements/", "engagement list")

        @task
        def engagement_page(self):
            self._get(f"/engagements/{random.choice(_PLAN['pks'])}/", "engagement page")

        @task
        def status_page(self):
            self._get(f"/engagements/status/{random.choice(_PLAN['references'])}/", "status page")

        @task
        def migration_progress(self):
            # The htmx poll of the customer's progress bar, on the engagement being migrated.
            # 286 is htmx's "stop polling", the answer once the job has finished.
            self._get(_PLAN["progress_url"], "migration progress", ok=(200, 286), **{"HX-Request": "true"})

        @task
        def bare(self):
            self._get("/login/", BARE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_database_url(fresh: bool) -> str:
    """The bench's own PostgreSQL database beside DATABASE_URL's (made when missing or --fresh)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL server: the bench is about gunicorn on PostgreSQL")
    parts = urlsplit(url)
    name = "bench_load"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(*args: str, env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def start_process(command: list[str], *, env: dict, log: Path, ready: bytes, timeout: float = 90):
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{command[2]} exited at start; see {log}")
        if ready in log.read_bytes():
            return process
        time.sleep(0.2)
    stop_process(process)
    raise SystemExit(f"{command[2]} did not start in {timeout:.0f} s; see {log}")


def stop_process(process, sig=signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def migration_engagement(workdir: Path, label: str, files: int, file_kb: int):
    """A connected engagement in migrating with a scanned share of `files` files."""
    from bench.migration_upload import connected_engagement, scan
    from engagements.models import Engagement

    root = workdir / f"share-{label}"
    payload = os.urandom(file_kb * 1024)
    for number in range(files):
        folder = root / f"Avdelning {number // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"fil {number:05d}.bin").write_bytes(number.to_bytes(4, "big") + payload[4:])
    engagement = connected_engagement()
    Engagement.objects.filter(pk=engagement.pk).update(title=f"Load benchmark ({label})")
    scan(engagement, root)
    return engagement


def run_bulk(engagement, *, timeout: float = 1800) -> dict:
    from migration.models import MigrationJob
    from migration.services.bulk import migration_start_bulk

    started = time.monotonic()
    job = migration_start_bulk(engagement=engagement, user=None)
    while True:
        job = MigrationJob.objects.get(pk=job.pk)
        if job.status in (MigrationJob.Status.DONE, MigrationJob.Status.FAILED):
            break
        if time.monotonic() - started > timeout:
            raise SystemExit(
                f"the bulk did not finish in {timeout:.0f} s ({job.files_done}/{job.files_total})"
            )
        time.sleep(0.2)
    seconds = time.monotonic() - started
    if job.status != MigrationJob.Status.DONE or job.files_done != job.files_total:
        raise SystemExit(f"the bulk failed: {job.error} ({job.files_done}/{job.files_total})")
    return {"files": job.files_done, "seconds": seconds, "per_second": job.files_done / seconds}


def signed_in_sessions(username: str, count: int) -> list[str]:
    """Session keys of `username`, as a sign-in would leave them (without the password hash)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    keys = []
    for _ in range(count):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "engagements.auth.EmailOrUsernameBackend"  # as a password sign-in
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def warm_up(url: str, plan: dict, workers: int) -> None:
    """Every gunicorn worker has loaded its templates, translations and connections before the
    load starts, as a server that has been up a while has: each page a few times per worker."""
    import requests

    session = requests.Session()
    session.cookies.set(plan["session_cookie"], plan["spare_session"])
    paths = ["/engagements/", "/login/", plan["progress_url"]]
    paths += [f"/engagements/{pk}/" for pk in plan["pks"]]
    paths += [f"/engagements/status/{reference}/" for reference in plan["references"]]
    for _ in range(workers * 2):
        for path in paths:
            response = session.get(url + path, allow_redirects=False, timeout=60)
            if response.status_code not in (200, 286):
                raise SystemExit(f"warm-up: {path} answered {response.status_code}")


def read_stats(prefix: Path) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = row
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--file-kb", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=0, help="keep the load on at least this long")
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="drop and make the bench database again")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("set REDIS_URL: the worker takes its tasks from Redis")

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = bench_database_url(args.fresh)
        os.environ["MACFORUM_VAR_DIR"] = str(workdir / "var")
        os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue = f"bench-load-{uuid.uuid4().hex[:8]}"
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
        # One key for the bench, gunicorn and the worker: the sessions the bench makes and the
        # Dropbox tokens it stores (encrypted under a key derived from it) are read by them.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
        from bench.migration_upload import SandboxProcess, prepare_environment

        # The demo needs DEBUG (known passwords); the pages are served without it.
        demo_env = {**os.environ, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
        print("migrate, load_demo ...", flush=True)
        manage("migrate", "--noinput", env=demo_env)
        manage("load_demo", env=demo_env)
        prepare_environment(workdir)
        from django.conf import settings

        from engagements.models import Engagement
        from macforum_projects.celery import app as celery_app

        celery_app.conf.task_default_queue = queue
        served_env = {
            **os.environ,
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "STAFF_TWO_FACTOR_REQUIRED": "false",
            "DATABASE_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
        manage("collectstatic", "--noinput", "-v0", env=served_env)
        server = SandboxProcess()
        gunicorn = worker = locust = None
        try:
            print(f"making two shares of {args.files} files and scanning them ...", flush=True)
            unloaded_engagement = migration_engagement(workdir, "unloaded", args.files, args.file_kb)
            loaded_engagement = migration_engagement(workdir, "loaded", args.files, args.file_kb)

            port = free_port()
            gunicorn = start_process(
                [
                    sys.executable, "-m", "gunicorn", "macforum_projects.wsgi", "--workers",
                    str(args.gunicorn_workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "-",
                ],
                env=served_env, log=workdir / "gunicorn.log", ready=b"Booting worker",
            )  # fmt: skip
            worker = start_process(
                [
                    sys.executable, "-m", "celery", "-A", "macforum_projects", "worker", "-Q", queue,
                    "--pool", "threads", "--concurrency", "4", "--loglevel", "INFO",
                    "--without-gossip", "--without-mingle", "-n", f"{queue}@%h",
                ],
                env=served_env, log=workdir / "worker.log", ready=b" ready.",
            )  # fmt: skip

            print("unloaded bulk migration ...", flush=True)
            unloaded = run_bulk(unloaded_engagement)
            print(f"  {unloaded['files']} files in {unloaded['seconds']:.1f} s", flush=True)

            # The demo's engagements and this run's two (earlier runs' hold tokens under other keys).
            engagements = list(
                Engagement.objects.exclude(customer=loaded_engagement.customer)
                .union(Engagement.objects.filter(pk__in=[unloaded_engagement.pk, loaded_engagement.pk]))
                .values_list("pk", "reference")
            )
            plan = {
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "sessions": signed_in_sessions("coordinator", args.users),
                "pks": [pk for pk, _ in engagements],
                "references": [reference for _, reference in engagements],
                "progress_url": f"/migration/status/{loaded_engagement.reference}/progress/",
            }
            plan["spare_session"] = plan["sessions"][0]
            (workdir / "plan.json").write_text(json.dumps(plan))
            warm_up(f"http://127.0.0.1:{port}", plan, args.gunicorn_workers)
            prefix = workdir / "locust"
            print(f"loaded: {args.users} users, the bulk migration of the second share ...", flush=True)
            locust = subprocess.Popen(
                [
                    sys.executable, "-m", "locust", "-f", __file__, "--headless", "--users", str(args.users),
                    "--spawn-rate", str(args.users), "--host", f"http://127.0.0.1:{port}",
                    "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
                ],
                cwd=REPO, env={**os.environ, "BENCH_LOAD_PLAN": str(workdir / "plan.json")},
                stdout=(workdir / "locust.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            time.sleep(5)  # every user has made a first request
            load_started = time.monotonic()
            loaded = run_bulk(loaded_engagement)
            print(f"  {loaded['files']} files in {loaded['seconds']:.1f} s", flush=True)
            # The machine's other work shows here: this bench alone keeps about 2 runnable.
            print("  load average at the end of the bulk: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
            remaining = args.seconds - (time.monotonic() - load_started)
            if remaining > 0:
                time.sleep(remaining)
            stop_process(locust, signal.SIGINT)
            stats = read_stats(prefix)
        finally:
            for process in (locust, worker, gunicorn):
                stop_process(process)
            server.stop()
            if os.environ.get("BENCH_LOAD_KEEP_LOGS"):
                for name in ("gunicorn.log", "worker.log", "locust.log"):
                    if (workdir / name).exists():
                        (Path(os.environ["BENCH_LOAD_KEEP_LOGS"]) / name).write_bytes(
                            (workdir / name).read_bytes()
                        )

        report(args, stats, unloaded, loaded)


def report(args, stats: dict, unloaded: dict, loaded: dict) -> None:
    bare = stats[BARE]
    bare_median = float(bare["50%"])
    print(
        f"\n{args.users} users (1–5 s between requests), gunicorn {args.gunicorn_workers} workers, "
        f"PostgreSQL; a bulk of {args.files} files of {args.file_kb} KiB running"
    )
    print(
        f"{'page':26} {'requests':>8} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'p50 ×bare':>9}"
    )
    failures = 0
    misses = []
    for name in [*PAGES, BARE, "Aggregated"]:
        row = stats[name]
        failures += int(row["Failure Count"]) if name != "Aggregated" else 0
        ratio = float(row["50%"]) / bare_median if bare_median else float("inf")
        print(
            f"{name:26} {row['Request Count']:>8} {row['Failure Count']:>5} {float(row['Requests/s']):>6.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {ratio:>8.1f}×"
        )
        if name in PAGES:
            if ratio > TARGET_MEDIAN_RATIO:
                misses.append(
                    f"{name}: median {ratio:.1f}× the bare page (target ≤ {TARGET_MEDIAN_RATIO:.0f}×)"
                )
            if float(row["95%"]) >= TARGET_P95_MS:
                misses.append(f"{name}: p95 {row['95%']} ms (target < {TARGET_P95_MS} ms)")
    share = loaded["per_second"] / unloaded["per_second"]
    print(
        f"migration: {unloaded['per_second']:.0f} files/s unloaded ({unloaded['seconds']:.1f} s), "
        f"{loaded['per_second']:.0f} files/s under load ({loaded['seconds']:.1f} s): {share:.0%}"
    )
    if failures:
        misses.append(f"{failures} failed requests (target: none)")
    if share < TARGET_MIGRATION_SHARE:
        misses.append(
            f"migration under load at {share:.0%} of unloaded (target ≥ {TARGET_MIGRATION_SHARE:.0%})"
        )
    print("targets: all met" if not misses else "targets missed:\n  " + "\n  ".join(misses))


if __name__ == "__main__":
    main()
