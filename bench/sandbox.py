"""Benchmark: the local Dropbox sandbox's own speed, with its ceiling measured in the same run.

    .venv/bin/python bench/sandbox.py [--size-mb 100] [--threads 8] [--seconds 5] [--repeat 3]

Starts `manage.py dropbox_sandbox` on a free port with a throw-away data folder, authorizes a
team through the OAuth flow by plain HTTP, then measures:

1. Upload: `curl` POSTs a --size-mb file to /2/files/upload (a real token, Dropbox-API-Arg; the
   sandbox streams the body to disk while hashing it, then commits it). MB/s from curl's own timer.
   Ceilings in the same run: (a) the disk, writing the same bytes in 1 MiB chunks with fsync;
   (b) `curl` to a bare Python TLS endpoint on this machine that reads and discards the body
   (the same ssl module and socket reads as the sandbox, no hashing, no disk).
2. Small RPC calls: --threads threads, each with its own keep-alive connection, call
   users/get_current_account (token check, Select-Admin, JSON through the SDK's Stone types) for
   --seconds. Ceiling: the same threads on GET /__sandbox__/health (same server, no API work).

Client and server share this machine's cores, so the RPC figures are a floor for the server.
Each upload figure is the best of --repeat runs, so a neighbour's burst of work on a shared
machine does not decide the result.
"""

import argparse
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_session(ca_path: Path) -> requests.Session:
    session = requests.Session()
    session.verify = str(ca_path)
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify= (psf/requests#3829)
    return session


def start_sandbox(data_dir: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "dropbox_sandbox", "--port", str(port), "--data", str(data_dir)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (data_dir / "ca.pem").exists():
            try:
                url = f"https://127.0.0.1:{port}/__sandbox__/health"
                if http_session(data_dir / "ca.pem").get(url, timeout=1).ok:
                    return process
            except requests.RequestException:
                pass
        time.sleep(0.1)
    process.kill()
    sys.exit("The sandbox did not start within 60 s.")


def authorize(session: requests.Session, url: str) -> dict:
    page = session.get(f"{url}/oauth2/authorize", params={"client_id": "bench", "response_type": "code"}).text
    code = page.split('id="auth-code">')[1].split("<")[0]
    response = session.post(
        f"{url}/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "client_secret": "bench"},
    )
    response.raise_for_status()
    return response.json()


def curl_upload(url: str, ca_path: Path, source: Path, headers: dict) -> float:
    """Seconds curl needed to send `source` to `url` and read the answer."""
    command = [
        "curl",
        "-sS",
        "--fail-with-body",
        "-o",
        "/dev/null",
        "-w",
        "%{time_total}",
        "--cacert",
        str(ca_path),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += ["--data-binary", f"@{source}", url]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"curl failed: {result.stderr or result.stdout}")
    return float(result.stdout)


def disk_write_seconds(path: Path, size: int) -> float:
    chunk = os.urandom(1024 * 1024)
    started = time.perf_counter()
    with open(path, "wb") as handle:
        for _ in range(size // len(chunk)):
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    elapsed = time.perf_counter() - started
    path.unlink()
    return elapsed


class _DiscardHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        remaining = int(self.headers.get("Content-Length") or 0)
        while remaining:
            chunk = self.rfile.read(min(1024 * 1024, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def discard_server(ca_path: Path, data_dir: Path):
    """A bare TLS endpoint signed by the sandbox's CA: the ceiling for a Python server reading bodies."""
    import trustme

    ca = trustme.CA.from_pem(ca_path.read_bytes(), (data_dir / "ca-key.pem").read_bytes())
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _DiscardHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def calls_per_second(
    ca_path: Path, *, threads: int, seconds: float, method: str, url: str, headers: dict, body
):
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def worker(index: int):
        session = http_session(ca_path)
        while time.monotonic() < stop:
            response = session.request(method, url, headers=headers, data=body, timeout=30)
            response.raise_for_status()
            counts[index] += 1

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.monotonic()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3, help="upload runs per figure; the best counts")
    options = parser.parse_args()
    if not shutil.which("curl"):
        sys.exit("This benchmark needs curl on PATH.")

    work = Path(tempfile.mkdtemp(prefix="bench-sandbox-"))
    data_dir = work / "data"
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    process = start_sandbox(data_dir, port)
    ca_path = data_dir / "ca.pem"
    rows = []
    try:
        session = http_session(ca_path)
        token = authorize(session, url)
        auth = {
            "Authorization": f"Bearer {token['access_token']}",
            "Dropbox-API-Select-Admin": token["sandbox_admin_member_id"],
        }
        size = options.size_mb * 1024 * 1024
        source = work / "upload.bin"
        with open(source, "wb") as handle:
            for _ in range(options.size_mb):
                handle.write(os.urandom(1024 * 1024))

        upload_headers = {
            **auth,
            "Content-Type": "application/octet-stream",
            "Dropbox-API-Arg": json.dumps({"path": "/bench/upload.bin", "mode": "overwrite"}),
        }
        seconds = min(
            curl_upload(f"{url}/2/files/upload", ca_path, source, upload_headers)
            for _ in range(options.repeat)
        )
        rows.append(
            (f"curl upload {options.size_mb} MB -> /2/files/upload", f"{options.size_mb / seconds:8.1f} MB/s")
        )
        sink = discard_server(ca_path, data_dir)
        sink_url = f"https://127.0.0.1:{sink.server_address[1]}/"
        sink_seconds = min(curl_upload(sink_url, ca_path, source, {}) for _ in range(options.repeat))
        sink.shutdown()
        rows.append(
            ("  ceiling: curl -> bare Python TLS sink", f"{options.size_mb / sink_seconds:8.1f} MB/s")
        )
        disk_seconds = min(disk_write_seconds(work / "disk.bin", size) for _ in range(options.repeat))
        rows.append(("  ceiling: disk write + fsync", f"{options.size_mb / disk_seconds:8.1f} MB/s"))

        rpc = calls_per_second(
            ca_path,
            threads=options.threads,
            seconds=options.seconds,
            method="POST",
            url=f"{url}/2/users/get_current_account",
            headers={**auth, "Content-Type": "application/json"},
            body=b"null",
        )
        rows.append(
            (f"users/get_current_account, {options.threads} threads, keep-alive", f"{rpc:8.0f} calls/s")
        )
        health = calls_per_second(
            ca_path,
            threads=options.threads,
            seconds=options.seconds,
            method="GET",
            url=f"{url}/__sandbox__/health",
            headers={},
            body=None,
        )
        rows.append(("  ceiling: GET /__sandbox__/health, same threads", f"{health:8.0f} calls/s"))
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    width = max(len(label) for label, _ in rows)
    print(f"{'Measurement'.ljust(width)}  Result")
    print(f"{'-' * width}  {'-' * 16}")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
