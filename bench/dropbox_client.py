"""Benchmark: the connection layer's client factory and retry layer against the local sandbox.

    .venv/bin/python bench/dropbox_client.py [--calls 300] [--uploads 150] [--threads 4]

Starts `manage.py dropbox_sandbox` on a free port (its own data folder, removed afterwards),
connects one engagement through the real OAuth flow in a throw-away SQLite database, then times:

1. RPC calls (team/get_info) through `team_client(engagement)` + `with_retries`: the factory's
   cached client, from --threads threads.
   Baselines in the same run: a NEW SDK client per call (what code building its own client
   would cost: a token refresh each time), and bare `requests` posts with a fixed access
   token (the floor: no SDK, no retry layer).
2. --uploads small uploads through `files_client(engagement)` + `with_retries`, without faults and
   with `rate_limit=0.2,server_error=0.05,drop=0.01` (Retry-After 1 s): wall time, API calls made
   per file, and whether every file landed once with the right content hash.
"""

import argparse
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def content_hash(data: bytes) -> str:
    block = 4 * 1024 * 1024
    digests = b"".join(hashlib.sha256(data[i : i + block]).digest() for i in range(0, len(data), block))
    return hashlib.sha256(digests).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--uploads", type=int, default=150)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-dropbox-client-"))
    port = free_port()
    sandbox_data = workdir / "sandbox"
    # The SDK reads its hosts when first imported: the environment must be ready before Django.
    os.environ["DROPBOX_SANDBOX_URL"] = f"https://127.0.0.1:{port}"
    os.environ["DROPBOX_SANDBOX_CA"] = str(sandbox_data / "ca.pem")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MACFORUM_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sandbox = subprocess.Popen(
        [sys.executable, "manage.py", "dropbox_sandbox", "--port", str(port), "--data", str(sandbox_data)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run(options, port)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def run(options, port: int) -> None:
    import django

    django.setup()
    import dropbox
    import requests
    from django.conf import settings
    from django.core.management import call_command

    from dropbox_integration import oauth
    from dropbox_integration.client import files_client, team_client, team_client_for_token, trust_sandbox_ca
    from dropbox_integration.models import DropboxConnection
    from dropbox_integration.retry import with_retries
    from dropbox_integration.services import dropbox_connection_create
    from dropbox_sandbox.server import wait_until_listening
    from tests.factories import make_engagement

    call_command("migrate", verbosity=0)
    if not wait_until_listening("127.0.0.1", port, timeout=30):
        sys.exit("The sandbox did not start.")
    admin = requests.Session()
    admin.verify = settings.DROPBOX_SANDBOX_CA
    admin.trust_env = False
    sandbox_url = settings.DROPBOX_SANDBOX_URL

    def set_faults(**values):
        admin.post(f"{sandbox_url}/__sandbox__/faults", json=values, timeout=10).raise_for_status()

    def calls_made() -> dict:
        return admin.get(f"{sandbox_url}/__sandbox__/calls", timeout=10).json()

    engagement = make_engagement()
    session: dict = {}
    url = oauth.web_flow_start(session=session, engagement_pk=engagement.pk)
    token = oauth.web_flow_finish(
        session=session, query_params=oauth.sandbox_approve(url, team_name="Bench AB")
    )
    started = time.perf_counter()
    dropbox_connection_create(engagement=engagement, user=None, refresh_token=token.refresh_token)
    connect_seconds = time.perf_counter() - started
    refresh_token = DropboxConnection.objects.get(engagement=engagement).refresh_token()

    rows = []

    def timed_parallel(label: str, call, count: int, note: str = "") -> None:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.threads) as pool:
            list(pool.map(lambda _: call(), range(count)))
        seconds = time.perf_counter() - started
        rows.append((label, count, seconds, f"{count / seconds:,.0f} calls/s", note))

    # Warm every path once so no row pays for imports or the first TLS handshake.
    with_retries(team_client(engagement).team_get_info)

    timed_parallel(
        "team/get_info, factory client (cached) + with_retries",
        lambda: with_retries(team_client(engagement).team_get_info),
        options.calls,
    )
    timed_parallel(
        "baseline: new SDK client per call",
        lambda: with_retries(team_client_for_token(refresh_token).team_get_info),
        max(options.calls // 3, 10),
        "token refresh every call",
    )
    access_token = team_client(engagement)._oauth2_access_token
    raw = trust_sandbox_ca(dropbox.create_session(max_connections=options.threads))

    def bare_post():
        response = raw.post(
            f"{sandbox_url}/2/team/get_info",
            headers={"Authorization": f"Bearer {access_token}", "Content-Type": "application/json"},
            data="null",
            timeout=30,
        )
        response.raise_for_status()

    timed_parallel("baseline: bare requests.post, no SDK", bare_post, options.calls, "the floor")

    client = files_client(engagement)
    for faults in ({}, {"rate_limit": 0.2, "server_error": 0.05, "drop": 0.01, "retry_after": 1}):
        folder = f"/Bench-{len(rows)}"
        contents = {
            f"{folder}/Fil {n:04d}.txt": f"fil {n}\n".encode() * (50 + n) for n in range(options.uploads)
        }
        set_faults(reset=True, **faults)
        admin.post(f"{sandbox_url}/__sandbox__/calls/reset", timeout=10)

        def upload(path, contents=contents):
            with_retries(client.files_upload, contents[path], path, mode=dropbox.files.WriteMode.overwrite)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.threads) as pool:
            list(pool.map(upload, contents))
        seconds = time.perf_counter() - started
        set_faults(reset=True)
        api_calls = calls_made().get("files/upload", 0)
        listed = {}
        result = with_retries(client.files_list_folder, folder, limit=2000)
        listed.update({entry.path_display: entry.content_hash for entry in result.entries})
        while result.has_more:
            result = with_retries(client.files_list_folder_continue, result.cursor)
            listed.update({entry.path_display: entry.content_hash for entry in result.entries})
        correct = listed == {path: content_hash(data) for path, data in contents.items()}
        label = "uploads, " + (",".join(f"{k}={v}" for k, v in faults.items()) if faults else "no faults")
        rows.append(
            (
                label,
                options.uploads,
                seconds,
                f"{options.uploads / seconds:,.1f} files/s",
                f"{api_calls / options.uploads:.2f} calls/file, all correct: {'yes' if correct else 'NO'}",
            )
        )

    print(
        f"\nConnect (team/get_info + get_authenticated_admin + get_current_account): {connect_seconds:.3f} s"
    )
    print(f"Threads: {options.threads}\n")
    width = max(len(row[0]) for row in rows)
    print(f"{'what':<{width}}  {'n':>5}  {'seconds':>8}  {'rate':>16}  note")
    for label, count, seconds, rate, note in rows:
        print(f"{label:<{width}}  {count:>5}  {seconds:>8.2f}  {rate:>16}  {note}")


if __name__ == "__main__":
    main()
