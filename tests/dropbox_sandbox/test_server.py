"""The server itself: keep-alive, restart without losing state or changing its CA, the command line."""

import io
import json

import pytest
import requests
from django.core.management import CommandError, call_command

from dropbox_sandbox.server import SandboxServer


def _session(ca_path):
    session = requests.Session()
    session.verify = str(ca_path)
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify= (psf/requests#3829)
    return session


def _authorize(session, url):
    """The OAuth flow by hand (this server is not the one the SDK's hosts point at)."""
    response = session.get(f"{url}/oauth2/authorize", params={"client_id": "k", "response_type": "code"})
    code = response.text.split('id="auth-code">')[1].split("<")[0]
    token = session.post(
        f"{url}/oauth2/token", data={"grant_type": "authorization_code", "code": code, "client_secret": "s"}
    )
    return token.json()


def test_restart_keeps_files_tokens_and_the_ca(tmp_path):
    server = SandboxServer(data_dir=tmp_path, port=0).start()
    try:
        ca_before = server.ca_path.read_bytes()
        http = _session(server.ca_path)
        token = _authorize(http, server.url)
        headers = {
            "Authorization": f"Bearer {token['access_token']}",
            "Dropbox-API-Select-Admin": token["sandbox_admin_member_id"],
        }
        upload = http.post(
            f"{server.url}/2/files/upload",
            headers={
                **headers,
                "Dropbox-API-Arg": json.dumps({"path": "/kvar.txt"}),
                "Content-Type": "application/octet-stream",
            },
            data=b"survives a restart",
        )
        assert upload.status_code == 200, upload.text
    finally:
        server.stop()

    restarted = SandboxServer(data_dir=tmp_path, port=0).start()
    try:
        assert restarted.ca_path.read_bytes() == ca_before
        http = _session(restarted.ca_path)
        download = http.post(
            f"{restarted.url}/2/files/download",
            headers={**headers, "Dropbox-API-Arg": json.dumps({"path": "/KVAR.txt"})},
        )
        assert download.content == b"survives a restart"
        assert (
            json.loads(download.headers["Dropbox-API-Result"])["content_hash"]
            == upload.json()["content_hash"]
        )
    finally:
        restarted.stop()


def test_keep_alive_serves_many_requests_on_one_connection(dropbox_sandbox, sandbox_team):
    http = dropbox_sandbox.session(max_connections=1)
    headers = {"Authorization": f"Bearer {sandbox_team['access_token']}"}
    for _ in range(5):
        response = http.post(f"{dropbox_sandbox.url}/2/team/get_info", headers=headers, json=None)
        assert response.status_code == 200
        assert response.headers.get("Connection", "").lower() != "close"


def test_malformed_arguments_are_a_400_with_a_reason(dropbox_sandbox, sandbox_team):
    http = dropbox_sandbox.session()
    headers = {
        "Authorization": f"Bearer {sandbox_team['access_token']}",
        "Dropbox-API-Select-Admin": sandbox_team["admin_member_id"],
        "Content-Type": "application/json",
    }
    response = http.post(f"{dropbox_sandbox.url}/2/files/get_metadata", headers=headers, data=b'{"path": 12}')
    assert response.status_code == 400
    assert "files/get_metadata" in response.text
    response = http.post(f"{dropbox_sandbox.url}/2/files/get_metadata", headers=headers, data=b"{not json")
    assert response.status_code == 400
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    response = http.post(
        f"{dropbox_sandbox.url}/2/files/get_metadata", headers=headers, data=b'{"path": "/a"}'
    )
    assert response.status_code == 400 and "Content-Type" in response.text


def test_command_line_refuses_bad_faults_with_a_sentence(tmp_path):
    with pytest.raises(CommandError, match="--faults: fault rate_limit needs a number"):
        call_command("dropbox_sandbox", "--data", str(tmp_path), "--faults", "rate_limit=lots")


def test_init_only_writes_the_ca_and_exits(tmp_path):
    call_command("dropbox_sandbox", "--data", str(tmp_path / "d"), "--init-only", stdout=io.StringIO())
    assert (tmp_path / "d" / "ca.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_chunked_upload_body_is_accepted(dropbox_sandbox, sandbox_team):
    http = dropbox_sandbox.session()
    headers = {
        "Authorization": f"Bearer {sandbox_team['access_token']}",
        "Dropbox-API-Select-Admin": sandbox_team["admin_member_id"],
        "Dropbox-API-Arg": json.dumps({"path": "/chunked.txt"}),
        "Content-Type": "application/octet-stream",
    }
    response = http.post(
        f"{dropbox_sandbox.url}/2/files/upload", headers=headers, data=iter([b"in ", b"pieces"])
    )
    assert response.status_code == 200, response.text
    assert response.json()["size"] == len(b"in pieces")


def test_stop_ends_idle_keep_alive_connections(tmp_path):
    server = SandboxServer(data_dir=tmp_path, port=0).start()
    http = _session(server.ca_path)
    assert http.get(f"{server.url}/__sandbox__/health").ok
    server.stop()
    with pytest.raises(requests.ConnectionError):
        http.get(f"{server.url}/__sandbox__/health", timeout=5)
