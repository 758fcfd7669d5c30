"""Benchmark: the migration's uploads against the local Dropbox sandbox, with baselines in the same run.

    .venv/bin/python bench/migration_upload.py [--small-files 1000] [--large-mb 140] [--memory-files 0]

1. API calls per 1,000 small files: our bulk migration (batch sessions) against the way common
   tools upload (one `files/upload` per file), both counted by the sandbox's call counter.
2. Large-file throughput (default 200 MB): our chunked upload session (content hash computed while
   reading, as in a migration) against curl sending the same file with `--data-binary` to the same
   endpoints (upload_session/start, append_v2, finish, in the same chunks: the API refuses request
   bodies over 150 MiB). For a file of at most 150 MiB, also against one `files/upload` request.
3. With --memory-files N: peak memory (VmHWM) of a separate process that runs the bulk
   migration of an N-file tree (`--here`), so the figure is the worker's alone.
The sandbox runs in this process on a free port, with its data and a SQLite database in a
temporary folder (or the database DATABASE_URL names).
"""

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
MB = 1000 * 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_environment(workdir: Path, sandbox_url: str | None = None) -> None:
    """Before Django and the SDK load: point them at a sandbox and a database in `workdir`."""
    data = workdir / "sandbox"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("MIGRATION_SOURCE_ROOTS", str(workdir))  # the files are made in here
    os.environ["DROPBOX_SANDBOX_URL"] = sandbox_url or f"https://127.0.0.1:{_free_port()}"
    os.environ["DROPBOX_SANDBOX_DATA"] = str(data)
    os.environ["DROPBOX_SANDBOX_CA"] = str(data / "ca.pem")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class SandboxProcess:
    """The sandbox in its own process, as Dropbox is to a worker (in this process it would share
    the interpreter lock with the uploads it measures)."""

    def __init__(self):
        from urllib.parse import urlsplit

        from dropbox_sandbox.server import wait_until_listening

        port = urlsplit(os.environ["DROPBOX_SANDBOX_URL"]).port
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "manage.py"),
                "dropbox_sandbox",
                "--port",
                str(port),
                "--data",
                os.environ["DROPBOX_SANDBOX_DATA"],
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until_listening("127.0.0.1", port, timeout=90):
            self.stop()
            raise SystemExit("the Dropbox sandbox did not start")

    def _admin(self, path: str, payload: dict | None = None) -> dict:
        import requests

        url = f"{os.environ['DROPBOX_SANDBOX_URL']}/__sandbox__/{path}"
        verify = os.environ["DROPBOX_SANDBOX_CA"]
        response = (
            requests.get(url, verify=verify, timeout=10)
            if payload is None
            else requests.post(url, json=payload, verify=verify, timeout=10)
        )
        response.raise_for_status()
        return response.json()

    def call_counts(self) -> dict:
        return self._admin("calls")

    def reset_call_counts(self) -> None:
        self._admin("calls/reset", {})

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def connected_engagement():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from engagements.models import Customer
    from engagements.phases import Phase
    from engagements.services import engagement_assign_staff, engagement_create
    from tests.dropbox_connection_fixtures import connect_through_sandbox
    from tests.factories import sign_processor_agreement
    from tests.phase_walk import walk_to

    call_command("migrate", verbosity=0)
    seller, _ = get_user_model().objects.get_or_create(username="bench-upload-seller")
    customer, _ = Customer.objects.get_or_create(
        organisation_number="556000-0002", defaults={"name": "Bench Upload AB"}
    )
    engagement = engagement_create(customer=customer, title="Upload benchmark", seller=seller, user=None)
    connect_through_sandbox(engagement)
    sign_processor_agreement(engagement)  # a bulk migration may not start without one
    # nor before planning or migrating: a quote accepted and a sprint booked, through the services
    consultant, _ = get_user_model().objects.get_or_create(username="bench-upload-consultant")
    engagement_assign_staff(engagement=engagement, user=seller, consultants=[consultant])
    walk_to(engagement, Phase.MIGRATING, user=seller)
    return engagement


def scan(engagement, root: Path) -> None:
    from migration.services.scan import scan_execute, scan_start
    from migration.services.source import migration_source_set

    migration_source_set(engagement=engagement, source_path=str(root), target_root="/Bench", user=None)
    scan_execute(scan=scan_start(engagement=engagement, user=None))


def bulk_here(engagement):
    from migration.services.bulk import migration_start_bulk
    from migration.services.runner import job_run_here

    job = migration_start_bulk(engagement=engagement, user=None, enqueue=False)
    return job_run_here(job_id=job.pk)


def files_calls(counts: dict) -> int:
    return sum(number for route, number in counts.items() if route.startswith("files/"))


def measure_small_files(server, engagement, workdir: Path, count: int) -> dict:
    import dropbox

    from dropbox_integration.client import files_client
    from dropbox_integration.retry import with_retries
    from tests.migration.tree import make_plain_tree

    root = workdir / "small"
    make_plain_tree(root, files=count, per_folder=100)
    scan(engagement, root)
    server.reset_call_counts()
    started = time.perf_counter()
    job = bulk_here(engagement)
    ours_seconds = time.perf_counter() - started
    ours = files_calls(server.call_counts())
    assert job.files_done == count, job.error

    client = files_client(engagement)
    server.reset_call_counts()
    started = time.perf_counter()
    for path in sorted(root.rglob("*.txt")):
        with_retries(
            client.files_upload,
            path.read_bytes(),
            "/Naive/" + str(path.relative_to(root)),
            mode=dropbox.files.WriteMode.overwrite,
        )
    naive_seconds = time.perf_counter() - started
    naive = files_calls(server.call_counts())
    return {
        "ours_calls": ours,
        "ours_seconds": ours_seconds,
        "naive_calls": naive,
        "naive_seconds": naive_seconds,
    }


def measure_large_file(engagement, workdir: Path, megabytes: int) -> dict:
    from dropbox_integration.client import files_client
    from migration.transfer.dropbox_calls import caller_for
    from migration.transfer.large_files import upload_large_file
    from migration.transfer.upload_items import LARGE_CHUNK_SIZE, Status, UploadItem

    path = workdir / "large.bin"
    with open(path, "wb") as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(MB))
    size = path.stat().st_size
    item = UploadItem(
        key=0,
        source_path=os.fsencode(path),
        dropbox_path="/Bench-large/ours.bin",
        size=size,
        mtime_ns=path.stat().st_mtime_ns,
    )
    caller = caller_for(engagement)
    started = time.perf_counter()
    outcome = upload_large_file(caller, item)
    ours = time.perf_counter() - started
    assert outcome.status == Status.UPLOADED, outcome.message

    client = files_client(engagement)
    client.check_and_refresh_access_token()
    base_headers = {
        "Authorization": f"Bearer {client._oauth2_access_token}",
        "Content-Type": "application/octet-stream",
        **(client._headers or {}),
    }
    chunk_size = LARGE_CHUNK_SIZE
    chunks = []
    with open(path, "rb") as source:
        while piece := source.read(chunk_size):
            chunk_path = workdir / f"chunk-{len(chunks):04d}.bin"
            chunk_path.write_bytes(piece)
            chunks.append(chunk_path)

    def curl(route: str, arg: dict, body: Path) -> str:
        headers = {**base_headers, "Dropbox-API-Arg": json.dumps(arg)}
        command = ["curl", "-sS", "--fail", "--cacert", os.environ["DROPBOX_SANDBOX_CA"]]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command += ["--data-binary", f"@{body}", f"{os.environ['DROPBOX_SANDBOX_URL']}/2/files/{route}"]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    # Baseline 1: curl through the same endpoints, same chunks (upload_session/start, append_v2, finish).
    started = time.perf_counter()
    session_id = json.loads(curl("upload_session/start", {"close": False}, chunks[0]))["session_id"]
    offset = chunks[0].stat().st_size
    for chunk in chunks[1:-1]:
        curl("upload_session/append_v2", {"cursor": {"session_id": session_id, "offset": offset}}, chunk)
        offset += chunk.stat().st_size
    last = chunks[-1] if len(chunks) > 1 else workdir / "empty.bin"
    last.touch()
    curl(
        "upload_session/finish",
        {
            "cursor": {"session_id": session_id, "offset": offset},
            "commit": {"path": "/Bench-large/curl-session.bin", "mode": "overwrite"},
        },
        last,
    )
    curl_session = time.perf_counter() - started
    # Baseline 2, when the file fits in one request (150 MiB): curl --data-binary of the whole file.
    curl_single = None
    if size <= 150 * 1024 * 1024:
        started = time.perf_counter()
        curl("upload", {"path": "/Bench-large/curl.bin", "mode": "overwrite"}, path)
        curl_single = time.perf_counter() - started
    return {
        "bytes": size,
        "ours_seconds": ours,
        "curl_seconds": curl_session,
        "curl_single_seconds": curl_single,
    }


def measure_memory(workdir: Path, engagement, files: int) -> dict:
    """Scan an N-file tree here, then run its bulk migration in a child process; its peak RSS."""
    from tests.migration.tree import make_plain_tree

    root = workdir / "memory"
    started = time.perf_counter()
    make_plain_tree(root, files=files, per_folder=500)
    scan(engagement, root)
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child-bulk", str(engagement.pk), "--workdir", str(workdir)],
        check=True,
        env={**os.environ},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(result.stdout.strip().splitlines()[-1])
    return {"files": files, "peak_mb": peak_kb / 1024, "seconds": seconds, "prepare_seconds": prepared}


def peak_memory_kb() -> int:
    """This process's high-water mark (VmHWM). Not ru_maxrss, which keeps the size the process
    had before exec, that is the parent's at fork time."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_bulk(engagement_pk: int, workdir: Path) -> None:
    prepare_environment(workdir, sandbox_url=os.environ["DROPBOX_SANDBOX_URL"])
    from engagements.models import Engagement

    job = bulk_here(Engagement.objects.get(pk=engagement_pk))
    if job.files_failed:
        raise SystemExit(f"{job.files_failed} files failed")
    print(peak_memory_kb())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small-files", type=int, default=1000)
    parser.add_argument("--large-mb", type=int, default=200)
    parser.add_argument("--memory-files", type=int, default=0, help="e.g. 1000000; 0 skips the memory run")
    parser.add_argument("--workdir", help="(internal) the work folder")
    parser.add_argument("--child-bulk", type=int, help="(internal) run one engagement's bulk here")
    args = parser.parse_args()
    if args.child_bulk:
        child_bulk(args.child_bulk, Path(args.workdir))
        return
    with tempfile.TemporaryDirectory(prefix="macforum-bench-upload-") as folder:
        run(args, Path(folder))


def run(args, workdir: Path) -> dict:
    prepare_environment(workdir)
    server = SandboxProcess()
    try:
        engagement = connected_engagement()
        small = measure_small_files(server, engagement, workdir, args.small_files)
        large = measure_large_file(engagement, workdir, args.large_mb)
        memory = measure_memory(workdir, engagement, args.memory_files) if args.memory_files else None
    finally:
        server.stop()
    per_thousand = small["ours_calls"] * 1000 / args.small_files
    ours_rate = large["bytes"] / large["ours_seconds"] / MB
    curl_rate = large["bytes"] / large["curl_seconds"] / MB
    rows = [
        (
            f"API calls for {args.small_files:,} small files",
            f"{small['ours_calls']} ({per_thousand:.1f} per 1,000)",
            f"{small['naive_calls']} (files/upload each)",
            "<= 5 per 1,000",
        ),
        (
            f"Time for {args.small_files} small files",
            f"{small['ours_seconds']:.1f} s",
            f"{small['naive_seconds']:.1f} s",
            "",
        ),
        (
            f"Large file ({large['bytes'] / MB:.0f} MB) throughput",
            f"{ours_rate:.0f} MB/s",
            f"{curl_rate:.0f} MB/s (curl --data-binary, same session endpoints)",
            f">= 60 % ({ours_rate / curl_rate * 100:.0f} %)",
        ),
    ]
    if large["curl_single_seconds"]:
        single_rate = large["bytes"] / large["curl_single_seconds"] / MB
        rows.append(
            (
                "  same file, one request",
                "",
                f"{single_rate:.0f} MB/s (curl --data-binary to files/upload)",
                f"({ours_rate / single_rate * 100:.0f} %)",
            )
        )
    if memory:
        rows.append(
            (
                f"Peak worker memory, {memory['files']:,} files",
                f"{memory['peak_mb']:.0f} MB",
                f"bulk took {memory['seconds']:.0f} s",
                "<= 300 MB",
            )
        )
    widths = [
        max(len(str(row[i])) for row in [("Measure", "Ours", "Baseline", "Target"), *rows]) for i in range(4)
    ]
    for row in [("Measure", "Ours", "Baseline", "Target"), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    return {"small": small, "large": large, "memory": memory}


if __name__ == "__main__":
    main()
