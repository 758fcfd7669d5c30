"""Fixtures for tests that talk to Dropbox: the local sandbox (issue 3), shared by every app's tests.

`dropbox_sandbox` (session-scoped) starts `manage.py dropbox_sandbox` as a subprocess on the port of
DROPBOX_SANDBOX_URL with its data in DROPBOX_SANDBOX_DATA (tests/sandbox_env.py sets both before
settings load, so the SDK's hosts already point at it) and kills it when the session ends.

The handle it yields:

    sandbox.url, sandbox.ca_path            where it listens, the CA file to trust
    sandbox.session()                       a requests session for the SDK (see "CA bundle" below)
    sandbox.authorize_new_team(team_name=None, licences=None, admin_email=None)
        runs the real OAuth code flow with PKCE (the sandbox approves at once; every authorization
        creates a NEW team) and returns dict(refresh_token, access_token, team_id, team_name,
        admin_member_id, root_namespace_id, app_key)
    sandbox.team_client(auth)               dropbox.DropboxTeam for that authorization
    sandbox.admin_client(auth)              dropbox.Dropbox acting as the team admin, paths in the
                                            team space (Dropbox-API-Path-Root = the root namespace)
    sandbox.set_faults(rate_limit=0.2, ...) change faults now; also a context manager that resets
    sandbox.reset_faults()                  them on exit: `with sandbox.set_faults(server_error=0.05): ...`
    sandbox.call_counts() -> {"files/upload": 3, "oauth2/token": 1, ...}
    sandbox.reset_call_counts()
    sandbox.set_licences(team_id, n)        change a team's num_licensed_users
    sandbox.accept_invitations(team_id, emails=None, team_member_ids=None)
                                            invited members join (members/add_v2 invites); returns
                                            the ids accepted (all invited ones without a list)
    sandbox.expire_access_tokens()          every access token answers 401 expired_access_token

Faults: rate_limit, write_contention, server_error, drop (probabilities 0..1), latency_ms and
retry_after (seconds in Retry-After; tests use 0 to stay fast). A fault is decided before the
sandbox touches any state, so a retried call gives the right result.

CA bundle: requests lets the REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE environment variables override a
session's `verify=` (psf/requests#3829), and this machine sets them. So a client that trusts the
sandbox CA builds its session with `dropbox.create_session(ca_certs=...)` and `trust_env = False`,
as `sandbox.session()` does.
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SANDBOX_APP_KEY = "macforum-sandbox-app"


class SandboxHandle:
    def __init__(self, url: str, ca_path: Path):
        self.url = url
        self.ca_path = ca_path
        self._http = None

    # --- plumbing ------------------------------------------------------------------------------
    def session(self, max_connections: int = 8):
        """A requests session trusting only the sandbox CA, for dropbox.Dropbox(session=...)."""
        import dropbox

        session = dropbox.create_session(max_connections=max_connections, ca_certs=str(self.ca_path))
        session.trust_env = False
        return session

    def _admin(self, method: str, path: str, payload=None):
        if self._http is None:
            self._http = self.session()
        response = self._http.request(method, f"{self.url}/__sandbox__/{path}", json=payload, timeout=10)
        response.raise_for_status()
        return response.json()

    def is_up(self) -> bool:
        try:
            return self._admin("GET", "health") == {"ok": True}
        except Exception:  # noqa: BLE001 - not up yet, whatever the reason
            return False

    # --- faults and counters -----------------------------------------------------------------------
    @contextlib.contextmanager
    def _reset_on_exit(self):
        try:
            yield self
        finally:
            self.reset_faults()

    def set_faults(self, **faults):
        """Set faults now; usable as `with sandbox.set_faults(...):` to reset them afterwards."""
        self._admin("POST", "faults", faults)
        return self._reset_on_exit()

    def reset_faults(self) -> None:
        self._admin("POST", "faults", {"reset": True})

    def call_counts(self) -> dict[str, int]:
        return self._admin("GET", "calls")

    def reset_call_counts(self) -> None:
        self._admin("POST", "calls/reset")

    def set_licences(self, team_id: str, count: int) -> None:
        self._admin("POST", f"teams/{team_id}/licences", {"num_licensed_users": count})

    def accept_invitations(self, team_id: str, *, emails=None, team_member_ids=None) -> list[str]:
        """Invited members join (all of the team's invited members when neither list is given)."""
        payload = {}
        if emails is not None:
            payload["emails"] = list(emails)
        if team_member_ids is not None:
            payload["team_member_ids"] = list(team_member_ids)
        return self._admin("POST", f"teams/{team_id}/members/accept", payload)["accepted"]

    def expire_access_tokens(self) -> None:
        self._admin("POST", "tokens/expire")

    # --- teams and clients -------------------------------------------------------------------------
    def authorize_new_team(self, *, team_name=None, licences=None, admin_email=None) -> dict:
        """The real OAuth2 code flow with PKCE; returns the new team's tokens and ids.

        The SDK builds the authorize URL (PKCE challenge included); the code is exchanged by
        hand so the sandbox's extra ids in the token response spare three API calls per team.
        """
        from urllib.parse import urlencode

        from dropbox.oauth import DropboxOAuth2FlowNoRedirect

        flow = DropboxOAuth2FlowNoRedirect(
            SANDBOX_APP_KEY, use_pkce=True, token_access_type="offline", ca_certs=str(self.ca_path)
        )
        http = flow.requests_session
        http.trust_env = False
        extras = {
            "sandbox_team_name": team_name,
            "sandbox_licences": licences,
            "sandbox_admin_email": admin_email,
        }
        query = urlencode({k: v for k, v in extras.items() if v is not None})
        page = http.get(flow.start() + ("&" + query if query else ""), timeout=10).text
        code = re.search(r'id="auth-code">([^<]+)<', page).group(1)
        response = http.post(
            f"{self.url}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": SANDBOX_APP_KEY,
                "code_verifier": flow.code_verifier,
            },
            timeout=10,
        )
        response.raise_for_status()
        token = response.json()
        return {
            "refresh_token": token["refresh_token"],
            "access_token": token["access_token"],
            "team_id": token["team_id"],
            "team_name": token["sandbox_team_name"],
            "admin_member_id": token["sandbox_admin_member_id"],
            "root_namespace_id": token["sandbox_root_namespace_id"],
            "app_key": SANDBOX_APP_KEY,
        }

    def team_client(self, auth: dict, **options):
        import dropbox

        options.setdefault("session", self.session())
        return dropbox.DropboxTeam(
            oauth2_refresh_token=auth["refresh_token"], app_key=auth["app_key"], **options
        )

    def admin_client(self, auth: dict, **options):
        """A Dropbox client acting as the team admin, with paths in the team space root."""
        from dropbox import common

        client = self.team_client(auth, **options).as_admin(auth["admin_member_id"])
        return client.with_path_root(common.PathRoot.root(auth["root_namespace_id"]))


def _start_sandbox(url: str, data_dir: Path) -> subprocess.Popen:
    data_dir.mkdir(parents=True, exist_ok=True)
    port = str(urlsplit(url).port)
    log = open(data_dir / "sandbox.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "manage.py", "dropbox_sandbox", "--port", port, "--data", str(data_dir)],
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C in the test terminal reaches pytest, which stops it cleanly
    )


@pytest.fixture(scope="session")
def dropbox_sandbox():
    url = os.environ["DROPBOX_SANDBOX_URL"]
    data_dir = os.environ.get("DROPBOX_SANDBOX_DATA")
    ca_path = Path(os.environ.get("DROPBOX_SANDBOX_CA") or Path(data_dir or ".") / "ca.pem")
    handle = SandboxHandle(url, ca_path)
    process = None
    if data_dir and not (ca_path.exists() and handle.is_up()):
        process = _start_sandbox(url, Path(data_dir))
    deadline = time.monotonic() + 60
    while not (ca_path.exists() and handle.is_up()):
        if process is not None and process.poll() is not None:
            log = (Path(data_dir) / "sandbox.log").read_text(errors="replace")
            pytest.fail(f"The Dropbox sandbox exited with {process.returncode}:\n{log[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"The Dropbox sandbox did not answer on {url} within 60 s")
        time.sleep(0.1)
    try:
        yield handle
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            # File contents are the bulk of a session's sandbox data; the index and the log stay
            # for a look after a failure.
            shutil.rmtree(Path(data_dir) / "blobs", ignore_errors=True)


@pytest.fixture
def sandbox_team(dropbox_sandbox):
    """A fresh team (its own OAuth authorization) for one test."""
    return dropbox_sandbox.authorize_new_team()


@pytest.fixture
def sandbox_admin(dropbox_sandbox, sandbox_team):
    """A Dropbox client acting as a fresh team's admin, paths in its team space."""
    return dropbox_sandbox.admin_client(sandbox_team)
