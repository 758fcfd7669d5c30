"""OAuth2 code flow with PKCE, approved at once: every authorization founds a new team.

GET  /oauth2/authorize  (web host) -> 302 to redirect_uri?code=..&state=.., or, without a
                                      redirect_uri, a tiny page showing the code in
                                      <code id="auth-code">...</code> (the no-redirect flow).
POST /oauth2/token      (api host) -> grant_type=authorization_code (PKCE verifier checked)
                                      or grant_type=refresh_token.

Sandbox-only query parameters on /oauth2/authorize name the new team and its admin:
sandbox_team_name, sandbox_admin_email, sandbox_admin_given_name, sandbox_admin_surname,
sandbox_licences.
"""

import base64
import hashlib
import html
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from . import accounts
from .accounts import ACCESS_TOKEN_SECONDS, DEFAULT_LICENCES  # noqa: F401 - re-exported for the server
from .wire import SandboxHttpError

TEAM_SCOPE_PREFIXES = ("team_info.", "team_data.", "members.", "groups.", "sessions.", "events.", "team_")
DEFAULT_SCOPE = (
    "account_info.read files.content.read files.content.write files.metadata.read files.metadata.write "
    "groups.read groups.write members.read members.write members.delete sharing.read sharing.write "
    "team_data.member team_data.team_space team_info.read team_data.content.read team_data.content.write"
)


def handle(sandbox, method: str, path: str, query: str, body: bytes):
    if path == "/oauth2/authorize" and method == "GET":
        return authorize(sandbox, _single(parse_qs(query)))
    if path == "/oauth2/token" and method == "POST":
        params = _single(parse_qs(body.decode("utf-8", "replace")))
        params.update({k: v for k, v in _single(parse_qs(query)).items() if k not in params})
        return token(sandbox, params)
    raise SandboxHttpError(404, f"Unknown endpoint {path}")


def _single(parsed: dict) -> dict:
    return {key: values[-1] for key, values in parsed.items()}


def _oauth_error(error: str, description: str, status: int = 400):
    body = json.dumps({"error": error, "error_description": description})
    raise SandboxHttpError(status, body, content_type="application/json")


def authorize(sandbox, params: dict):
    if params.get("response_type") != "code":
        raise SandboxHttpError(400, "response_type must be 'code' (the sandbox supports the code flow only)")
    client_id = params.get("client_id")
    if not client_id:
        raise SandboxHttpError(400, "client_id is required")
    challenge = params.get("code_challenge")
    method = params.get("code_challenge_method") or ("plain" if challenge else None)
    if method not in (None, "S256", "plain"):
        raise SandboxHttpError(400, "code_challenge_method must be S256 or plain")
    try:
        licences = int(params.get("sandbox_licences") or sandbox.default_licences)
    except ValueError:
        raise SandboxHttpError(400, "sandbox_licences must be a whole number") from None
    scope = params.get("scope") or DEFAULT_SCOPE
    team_token = any(part.startswith(TEAM_SCOPE_PREFIXES) for part in scope.split())
    store = sandbox.store
    with store.transaction():
        number = store.next_counter("team")
        team, admin = accounts.create_team(
            store,
            name=params.get("sandbox_team_name") or f"Sandbox Team {number}",
            licences=licences,
            admin_email=params.get("sandbox_admin_email") or f"admin{number}@sandbox.example",
            admin_given=params.get("sandbox_admin_given_name") or "Sandbox",
            admin_surname=params.get("sandbox_admin_surname") or f"Admin {number}",
        )
        code = accounts.issue_code(
            store,
            team_id=team["id"],
            member_id=None if team_token else admin["id"],
            client_id=params["client_id"],
            redirect_uri=params.get("redirect_uri"),
            challenge=challenge,
            challenge_method=method,
            scope=scope,
            access_type=params.get("token_access_type"),
        )
    redirect_uri = params.get("redirect_uri")
    if redirect_uri:
        parts = urlsplit(redirect_uri)
        extra = {"code": code}
        if "state" in params:
            extra["state"] = params["state"]
        query = f"{parts.query}&{urlencode(extra)}" if parts.query else urlencode(extra)
        location = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
        return 302, {"Location": location}, b""
    page = (
        "<!doctype html><title>Dropbox sandbox: access granted</title>"
        f"<p>Team {html.escape(team['name'])} created and approved. Paste this code into the app:</p>"
        f'<p><code id="auth-code">{html.escape(code)}</code></p>'
    )
    return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def _pkce_ok(row, verifier: str | None) -> bool:
    if row["challenge"] is None:
        return True
    if not verifier:
        return False
    if row["challenge_method"] == "plain":
        return secrets.compare_digest(verifier, row["challenge"])
    digest = hashlib.sha256(verifier.encode()).digest()
    expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return secrets.compare_digest(expected, row["challenge"])


def token(sandbox, params: dict):
    grant_type = params.get("grant_type")
    store = sandbox.store
    lifetime = sandbox.access_token_seconds
    with store.transaction():
        if grant_type == "authorization_code":
            row = store.db.execute(
                "SELECT * FROM auth_codes WHERE code = ?", (params.get("code") or "",)
            ).fetchone()
            if row is None or row["used"]:
                _oauth_error("invalid_grant", "code doesn't exist or has expired")
            if params.get("client_id") and params["client_id"] != row["client_id"]:
                _oauth_error("invalid_grant", "code was issued to another client")
            if row["redirect_uri"] and params.get("redirect_uri") != row["redirect_uri"]:
                _oauth_error("invalid_grant", "redirect_uri mismatch")
            if row["challenge"] is None and not params.get("client_secret"):
                _oauth_error("invalid_client", "No auth function available for given request")
            if not _pkce_ok(row, params.get("code_verifier")):
                _oauth_error("invalid_grant", "invalid code verifier")
            store.db.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (row["code"],))
            who = dict(
                team_id=row["team_id"],
                member_id=row["member_id"],
                client_id=row["client_id"],
                scope=row["scope"],
                family=secrets.token_hex(16),
            )
            payload = {
                "access_token": accounts.issue_access_token(store, **who, lifetime_seconds=lifetime),
                "token_type": "bearer",
                "expires_in": lifetime,
                "scope": row["scope"],
            }
            if row["access_type"] == "offline":
                payload["refresh_token"] = accounts.issue_refresh_token(store, **who)
        elif grant_type == "refresh_token":
            row = accounts.token_row(store, params.get("refresh_token") or "", "refresh")
            if row is None:
                _oauth_error("invalid_grant", "refresh token is malformed or revoked")
            who = dict(
                team_id=row["team_id"],
                member_id=row["member_id"],
                client_id=row["client_id"],
                scope=row["scope"],
                family=row["family"],
            )
            payload = {
                "access_token": accounts.issue_access_token(store, **who, lifetime_seconds=lifetime),
                "token_type": "bearer",
                "expires_in": lifetime,
                "scope": row["scope"],
            }
        else:
            _oauth_error("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
        team = accounts.team_row(store, who["team_id"])
        admin = accounts.active_members(store, who["team_id"])[0] if who["member_id"] is None else None
        member = accounts.member_row(store, who["member_id"]) if who["member_id"] else admin
    if who["member_id"] is None:  # as Dropbox: team_id only for a team-linked token
        payload["team_id"] = team["id"]
    payload["account_id"] = member["account_id"]
    payload["uid"] = member["account_id"] if who["member_id"] else team["id"]
    # Sandbox extras: ids a test or the connection layer would otherwise look up in more calls.
    payload["sandbox_admin_member_id"] = admin["id"] if admin else None
    payload["sandbox_root_namespace_id"] = team["root_ns"]
    payload["sandbox_team_name"] = team["name"]
    return 200, {"Content-Type": "application/json"}, json.dumps(payload).encode()
