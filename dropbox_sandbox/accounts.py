"""Teams, members, namespaces and OAuth tokens in the sandbox index."""

import datetime as dt
import secrets

from .store import Store, random_id, to_text, utcnow

DEFAULT_LICENCES = 25
ACCESS_TOKEN_SECONDS = 4 * 60 * 60
# Member states that hold a licence: invited members count as provisioned and take a seat.
SEATED = ("active", "invited")


def create_team(
    store: Store, *, name: str, licences: int, admin_email: str, admin_given: str, admin_surname: str
):
    """One OAuth authorization = one new team: its team space root and its first admin.

    Must run inside `store.transaction()`. Returns (team row, admin member row).
    """
    db = store.db
    team_id = "dbtid:" + random_id(40)
    root_ns = store.new_namespace_id()
    now = to_text(utcnow())
    db.execute(
        "INSERT INTO teams (id, name, num_licensed_users, root_ns, created) VALUES (?, ?, ?, ?, ?)",
        (team_id, name, licences, root_ns, now),
    )
    db.execute(
        "INSERT INTO namespaces (id, team_id, kind, name, storage_ns, prefix_lower, created) "
        "VALUES (?, ?, 'team_root', ?, ?, '', ?)",
        (root_ns, team_id, name, root_ns, now),
    )
    admin = add_member(
        store,
        team_id=team_id,
        email=admin_email,
        given_name=admin_given,
        surname=admin_surname,
        role="team_admin",
    )
    return team_row(store, team_id), admin


def add_member(
    store: Store,
    *,
    team_id: str,
    email: str,
    given_name: str,
    surname: str,
    role: str = "member_only",
    external_id: str | None = None,
    status: str = "active",
):
    """A new member (active, or invited until they accept) with its own home namespace.

    Inside a transaction.
    """
    db = store.db
    member_id = "dbmid:" + random_id(40)
    account_id = "dbid:" + random_id(35)
    home_ns = store.new_namespace_id()
    now = to_text(utcnow())
    db.execute(
        "INSERT INTO namespaces (id, team_id, kind, name, storage_ns, prefix_lower, owner_member, created) "
        "VALUES (?, ?, 'team_member_folder', ?, ?, '', ?, ?)",
        (home_ns, team_id, f"{given_name} {surname}".strip(), home_ns, member_id, now),
    )
    db.execute(
        "INSERT INTO members (id, team_id, account_id, email, given_name, surname, external_id, role, "
        "status, home_ns, joined_on, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            member_id,
            team_id,
            account_id,
            email,
            given_name,
            surname,
            external_id,
            role,
            status,
            home_ns,
            now,
            store.next_counter("member"),
        ),
    )
    return member_row(store, member_id)


def team_row(store: Store, team_id: str):
    return store.db.execute("SELECT * FROM teams WHERE id = ?", (team_id,)).fetchone()


def member_row(store: Store, member_id: str):
    return store.db.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()


def active_members(store: Store, team_id: str):
    return store.db.execute(
        "SELECT * FROM members WHERE team_id = ? AND status = 'active' ORDER BY seq", (team_id,)
    ).fetchall()


def seated_members(store: Store, team_id: str):
    """Members holding a licence: active and invited (num_provisioned_users)."""
    return store.db.execute(
        "SELECT * FROM members WHERE team_id = ? AND status IN ('active', 'invited') ORDER BY seq", (team_id,)
    ).fetchall()


def accept_invitation(store: Store, member) -> bool:
    """An invited member joins (as when they accept Dropbox's e-mail). False if not invited."""
    if member["status"] != "invited":
        return False
    store.db.execute(
        "UPDATE members SET status = 'active', joined_on = ? WHERE id = ?", (to_text(utcnow()), member["id"])
    )
    return True


def claim_email_invitations(store: Store, member) -> None:
    """Folder invitations sent to the member's e-mail before they joined become theirs.

    Dropbox keeps an invitee of a shared folder by e-mail until an account with that address
    exists; once the team adds them, they are that folder's member (in this team's folders).
    """
    params = {
        "principal": "email:" + member["email"].lower(),
        "member": member["id"],
        "team": member["team_id"],
    }
    in_team = "ns_id IN (SELECT id FROM namespaces WHERE team_id = :team)"
    store.db.execute(
        f"UPDATE OR IGNORE folder_members SET principal = :member WHERE principal = :principal AND {in_team}",  # noqa: S608
        params,
    )
    store.db.execute(
        f"DELETE FROM folder_members WHERE principal = :principal AND {in_team}",  # noqa: S608
        params,
    )


def find_member(store: Store, team_id: str, *, member_id=None, email=None, external_id=None, account_id=None):
    """A member of the team (any status) by one selector, or None."""
    if member_id is not None:
        clause, value = "id = ?", member_id
    elif email is not None:
        clause, value = "lower(email) = lower(?)", email
    elif external_id is not None:
        clause, value = "external_id = ?", external_id
    else:
        clause, value = "account_id = ?", account_id
    return store.db.execute(
        f"SELECT * FROM members WHERE team_id = ? AND {clause} "  # noqa: S608
        "ORDER BY status = 'active' DESC, status = 'invited' DESC",
        (team_id, value),
    ).fetchone()


def namespace_row(store: Store, ns_id: str):
    return store.db.execute("SELECT * FROM namespaces WHERE id = ?", (ns_id,)).fetchone()


def display_name(member) -> str:
    return f"{member['given_name']} {member['surname']}".strip()


# --- OAuth ------------------------------------------------------------------------------------
def issue_code(
    store: Store,
    *,
    team_id,
    member_id,
    client_id,
    redirect_uri,
    challenge,
    challenge_method,
    scope,
    access_type,
) -> str:
    code = secrets.token_urlsafe(32)
    store.db.execute(
        "INSERT INTO auth_codes (code, team_id, member_id, client_id, redirect_uri, challenge, "
        "challenge_method, scope, access_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (code, team_id, member_id, client_id, redirect_uri, challenge, challenge_method, scope, access_type),
    )
    return code


def issue_access_token(
    store: Store, *, team_id, member_id, client_id, scope, family, lifetime_seconds: int
) -> str:
    """`family` ties the access tokens of one authorization to its refresh token (for revoke)."""
    token = "sl.sandbox." + secrets.token_urlsafe(40)
    expires = utcnow() + dt.timedelta(seconds=lifetime_seconds)
    store.db.execute(
        "INSERT INTO tokens (token, kind, team_id, member_id, client_id, scope, expires_at, family) "
        "VALUES (?, 'access', ?, ?, ?, ?, ?, ?)",
        (token, team_id, member_id, client_id, scope, to_text(expires), family),
    )
    return token


def issue_refresh_token(store: Store, *, team_id, member_id, client_id, scope, family) -> str:
    token = "sandbox-refresh." + secrets.token_urlsafe(40)
    store.db.execute(
        "INSERT INTO tokens (token, kind, team_id, member_id, client_id, scope, family) "
        "VALUES (?, 'refresh', ?, ?, ?, ?, ?)",
        (token, team_id, member_id, client_id, scope, family),
    )
    return token


def revoke_family(store: Store, family: str) -> None:
    store.db.execute("DELETE FROM tokens WHERE family = ?", (family,))


def token_row(store: Store, token: str, kind: str):
    return store.db.execute("SELECT * FROM tokens WHERE token = ? AND kind = ?", (token, kind)).fetchone()


_RANK = {"owner": 4, "editor": 3, "viewer": 2, "viewer_no_comment": 1, "traverse": 0}


def member_access(store, member, namespace) -> str | None:
    """The member's best access level to a shared/team folder namespace, or None."""
    if namespace["owner_member"] == member["id"]:
        return "owner"
    principals = [member["id"]] + [
        row[0]
        for row in store.db.execute("SELECT group_id FROM group_members WHERE member_id = ?", (member["id"],))
    ]
    marks = ",".join("?" * len(principals))
    levels = [
        row[0]
        for row in store.db.execute(
            f"SELECT access FROM folder_members WHERE ns_id = ? AND principal IN ({marks})",  # noqa: S608
            (namespace["id"], *principals),
        )
    ]
    return max(levels, key=lambda level: _RANK.get(level, -1)) if levels else None
