"""Sandbox-only admin routes under /__sandbox__/ (they exist on the sandbox, never on Dropbox).

GET  /__sandbox__/health                       -> {"ok": true}
GET  /__sandbox__/faults                       -> current fault settings
POST /__sandbox__/faults {"rate_limit": 0.2}   -> update some settings; {"reset": true} clears all
GET  /__sandbox__/calls                        -> {"files/upload": 3, ...}
POST /__sandbox__/calls/reset                  -> zero the counters
POST /__sandbox__/teams/<team_id>/licences {"num_licensed_users": 30}
POST /__sandbox__/teams/<team_id>/members/accept {"emails": [...]} | {"team_member_ids": [...]} | {}
                                               -> invited members join (all invited ones with {})
POST /__sandbox__/tokens/expire                -> every access token expires now
POST /__sandbox__/tokens/lifetime {"seconds": 60} -> lifetime of new access tokens
"""

import json

from . import accounts
from .faults import FaultSettings
from .store import to_text, utcnow
from .wire import SandboxHttpError

PREFIX = "/__sandbox__/"


def _json_body(body: bytes) -> dict:
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        raise SandboxHttpError(400, "body must be JSON") from None
    if not isinstance(payload, dict):
        raise SandboxHttpError(400, "body must be a JSON object")
    return payload


def handle(sandbox, method: str, path: str, body: bytes):
    name = path[len(PREFIX) :].strip("/")
    store = sandbox.store
    if name == "health":
        return 200, {"ok": True}
    if name == "faults":
        if method == "POST":
            payload = _json_body(body)
            try:
                if payload.pop("reset", False):
                    sandbox.faults.settings = FaultSettings()
                sandbox.faults.settings.update(payload)
            except ValueError as error:
                raise SandboxHttpError(400, str(error)) from None
        return 200, sandbox.faults.settings.as_dict()
    if name == "calls":
        return 200, sandbox.call_counts()
    if name == "calls/reset" and method == "POST":
        sandbox.reset_call_counts()
        return 200, {}
    if name == "tokens/expire" and method == "POST":
        with store.transaction():
            store.db.execute("UPDATE tokens SET expires_at = ? WHERE kind = 'access'", (to_text(utcnow()),))
        return 200, {}
    if name == "tokens/lifetime" and method == "POST":
        seconds = _json_body(body).get("seconds")
        if not isinstance(seconds, int) or seconds < 1:
            raise SandboxHttpError(400, "seconds must be a positive whole number")
        sandbox.access_token_seconds = seconds
        return 200, {"seconds": seconds}
    parts = name.split("/")
    if len(parts) == 3 and parts[0] == "teams" and parts[2] == "licences" and method == "POST":
        count = _json_body(body).get("num_licensed_users")
        if not isinstance(count, int) or count < 0:
            raise SandboxHttpError(400, "num_licensed_users must be a whole number >= 0")
        with store.transaction():
            if accounts.team_row(store, parts[1]) is None:
                raise SandboxHttpError(404, f"no team {parts[1]}")
            store.db.execute("UPDATE teams SET num_licensed_users = ? WHERE id = ?", (count, parts[1]))
        return 200, {"team_id": parts[1], "num_licensed_users": count}
    if parts[0] == "teams" and parts[2:] == ["members", "accept"] and method == "POST":
        return 200, _accept_invitations(store, parts[1], _json_body(body))
    raise SandboxHttpError(404, f"Unknown sandbox admin route {path}")


def _accept_invitations(store, team_id: str, payload: dict) -> dict:
    """Invited members accept, as a person clicking Dropbox's invitation e-mail would.

    Every e-mail or member id named must be a member of the team (invited or already active,
    which changes nothing), else nothing is accepted and the answer is 400 naming them.
    """
    emails, member_ids = payload.get("emails"), payload.get("team_member_ids")
    for value, key in ((emails, "emails"), (member_ids, "team_member_ids")):
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise SandboxHttpError(400, f"{key} must be a list of strings")
    with store.transaction():
        if accounts.team_row(store, team_id) is None:
            raise SandboxHttpError(404, f"no team {team_id}")
        if emails is None and member_ids is None:
            chosen = [m for m in accounts.seated_members(store, team_id) if m["status"] == "invited"]
        else:
            chosen, unknown = [], []
            for selector, values in (("email", emails or []), ("member_id", member_ids or [])):
                for value in values:
                    member = accounts.find_member(store, team_id, **{selector: value})
                    if member is None or member["status"] not in accounts.SEATED:
                        unknown.append(value)
                    else:
                        chosen.append(member)
            if unknown:
                raise SandboxHttpError(400, "not invited to this team: " + ", ".join(unknown))
        accepted = [m["id"] for m in chosen if accounts.accept_invitation(store, m)]
    return {"team_id": team_id, "accepted": accepted}
