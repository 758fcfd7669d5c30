"""The folder plan against the customer's Dropbox: read what is there, list the changes that would
make it match the plan, make them, and look at the result from each person's side.

Reads are safe to repeat; every write is one listed change, recorded with `dropbox_action_record`.
Because the changes are computed from what Dropbox holds, applying a plan that is already in place
makes no write call at all, and the same comparison is the drift check.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import dropbox
from dropbox import common, sharing, team
from dropbox.exceptions import ApiError

from dropbox_integration.client import files_client, team_client
from dropbox_integration.models import DropboxAction
from dropbox_integration.retry import with_retries
from dropbox_integration.services import dropbox_action_record
from engagements.models import Engagement
from licensing.folders.selectors import DesiredState

# The order a plan is applied in: containers first, removals last.
CHANGE_ORDER = [
    "team_folder_create",
    "group_create",
    "group_member_add",
    "personal_folder_create",
    "access_grant",
    "access_change",
    "group_member_remove",
    "access_revoke",
]


@dataclass
class DropboxState:
    team_folders: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower name -> (id, name)
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower name -> (id, name)
    group_members: dict[str, set[str]] = field(default_factory=dict)  # lower group -> emails
    folder_access: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    members: dict[str, dict] = field(default_factory=dict)  # email -> {"id", "home", "status"}
    personal: set[tuple[str, str]] = field(default_factory=set)  # (email, lower folder name)


@dataclass
class Clients:
    team: dropbox.DropboxTeam
    admin: dropbox.Dropbox  # acting as the connecting admin, rooted at the team space
    admin_member_id: str
    root_namespace_id: str

    def in_home(self, home_namespace_id: str) -> dropbox.Dropbox:
        """The admin writing in a member's home (Path-Root set to the home namespace)."""
        return self.team.as_admin(self.admin_member_id).with_path_root(
            common.PathRoot.namespace_id(home_namespace_id)
        )

    def as_member(self, member_id: str) -> dropbox.Dropbox:
        """A member acting as themselves, looking at the team space as they see it."""
        return self.team.as_user(member_id).with_path_root(common.PathRoot.root(self.root_namespace_id))


def clients_for(engagement: Engagement) -> Clients:
    connection = engagement.dropbox_connection
    return Clients(
        team=team_client(engagement),
        admin=files_client(engagement),
        admin_member_id=connection.admin_member_id,
        root_namespace_id=connection.root_namespace_id,
    )


def _team_members(clients: Clients) -> dict[str, dict]:
    members: dict[str, dict] = {}
    page = with_retries(clients.team.team_members_list_v2)
    while True:
        for info in page.members:
            profile = info.profile
            members[profile.email.lower()] = {
                "id": profile.team_member_id,
                "home": profile.member_folder_id,
                "status": profile.status._tag,
            }
        if not page.has_more:
            return members
        page = with_retries(clients.team.team_members_list_continue_v2, page.cursor)


def read_state(clients: Clients, desired: DesiredState) -> DropboxState:
    """What the customer's Dropbox holds of what the plan is about (reads only)."""
    state = DropboxState(members=_team_members(clients))
    for folder in with_retries(clients.team.team_team_folder_list).team_folders:
        if folder.status.is_active():
            state.team_folders[folder.name.lower()] = (folder.team_folder_id, folder.name)
    for group in with_retries(clients.team.team_groups_list).groups:
        state.groups[group.group_name.lower()] = (group.group_id, group.group_name)
    group_names = {gid: key for key, (gid, _name) in state.groups.items()}
    for key in desired.groups:
        if key in state.groups:
            listed = with_retries(
                clients.team.team_groups_members_list, team.GroupSelector.group_id(state.groups[key][0])
            )
            state.group_members[key] = {m.profile.email.lower() for m in listed.members}
    for key in desired.team_folders:
        if key not in state.team_folders:
            continue
        listed = with_retries(clients.admin.sharing_list_folder_members, state.team_folders[key][0])
        access: dict[tuple[str, str], str] = {}
        for user in listed.users:
            if user.access_type._tag in ("editor", "viewer"):
                access[("user", (user.user.email or "").lower())] = user.access_type._tag
        for group in listed.groups:
            if group.access_type._tag in ("editor", "viewer"):
                name = group_names.get(group.group.group_id, group.group.group_name.lower())
                access[("group", name)] = group.access_type._tag
        for invitee in listed.invitees:
            if invitee.invitee.is_email() and invitee.access_type._tag in ("editor", "viewer"):
                access[("user", invitee.invitee.get_email().lower())] = invitee.access_type._tag
        state.folder_access[key] = access
    for email, name in desired.personal:
        member = state.members.get(email)
        if member is None or member["status"] != "active":
            continue
        try:
            with_retries(clients.in_home(member["home"]).files_get_metadata, "/" + name)
            state.personal.add((email, name.lower()))
        except ApiError as error:
            if not _is_not_found(error):
                raise
    return state


def _is_not_found(error: ApiError) -> bool:
    value = error.error
    if hasattr(value, "is_path") and value.is_path():
        return value.get_path().is_not_found()
    return False


def changes_between(desired: DesiredState, state: DropboxState) -> tuple[list[dict], list[dict]]:
    """(changes to make, people skipped). A change is a dict with its `kind` and what it acts on;
    a person not (yet) an active member of the Dropbox team is skipped, never invited here."""
    changes: list[dict] = []
    skipped: dict[str, dict] = {}

    def member_ok(email: str) -> bool:
        member = state.members.get(email)
        if member is not None and member["status"] == "active":
            return True
        skipped[email] = {"email": email, "name": desired.people.get(email, email)}
        return False

    for key, name in desired.team_folders.items():
        if key not in state.team_folders:
            changes.append({"kind": "team_folder_create", "folder": name})
    for key, name in desired.groups.items():
        if key not in state.groups:
            changes.append({"kind": "group_create", "group": name})
        present = state.group_members.get(key, set())
        for email in sorted(desired.group_members[key] - present):
            if member_ok(email):
                changes.append({"kind": "group_member_add", "group": name, "email": email})
        for email in sorted(present - desired.group_members[key]):
            changes.append({"kind": "group_member_remove", "group": name, "email": email})
    for email, name in desired.personal:
        if (email, name.lower()) not in state.personal and member_ok(email):
            changes.append({"kind": "personal_folder_create", "folder": name, "email": email})
    for key, wanted in desired.folder_access.items():
        folder = desired.team_folders[key]
        present = state.folder_access.get(key, {})
        for (grantee_kind, grantee), level in sorted(wanted.items()):
            if grantee_kind == "user" and not member_ok(grantee):
                continue
            change = {"folder": folder, "grantee_kind": grantee_kind, "grantee": grantee, "level": level}
            if grantee_kind == "group":
                change["grantee"] = desired.groups.get(grantee, grantee)
            if (grantee_kind, grantee) not in present:
                changes.append({"kind": "access_grant", **change})
            elif present[(grantee_kind, grantee)] != level:
                changes.append({"kind": "access_change", **change, "from": present[(grantee_kind, grantee)]})
        for (grantee_kind, grantee), level in sorted(present.items()):
            if (grantee_kind, grantee) not in wanted:
                name = state.groups.get(grantee, (None, grantee))[1] if grantee_kind == "group" else grantee
                changes.append(
                    {
                        "kind": "access_revoke",
                        "folder": folder,
                        "grantee_kind": grantee_kind,
                        "grantee": name,
                        "level": level,
                    }
                )
    changes.sort(key=lambda change: CHANGE_ORDER.index(change["kind"]))
    return changes, sorted(skipped.values(), key=lambda s: s["email"])


def _member_selector(change: dict, state: DropboxState) -> sharing.MemberSelector:
    if change["grantee_kind"] == "group":
        return sharing.MemberSelector.dropbox_id(state.groups[change["grantee"].lower()][0])
    return sharing.MemberSelector.email(change["grantee"])


def _apply_one(clients: Clients, state: DropboxState, change: dict) -> None:
    kind = change["kind"]
    if kind == "team_folder_create":
        created = with_retries(clients.team.team_team_folder_create, change["folder"])
        state.team_folders[change["folder"].lower()] = (created.team_folder_id, created.name)
    elif kind == "group_create":
        created = with_retries(clients.team.team_groups_create, change["group"])
        state.groups[change["group"].lower()] = (created.group_id, created.group_name)
    elif kind in ("group_member_add", "group_member_remove"):
        group = team.GroupSelector.group_id(state.groups[change["group"].lower()][0])
        user = team.UserSelectorArg.email(change["email"])
        if kind == "group_member_add":
            with_retries(
                clients.team.team_groups_members_add,
                group,
                [team.MemberAccess(user, team.GroupAccessType.member)],
            )
        else:
            with_retries(clients.team.team_groups_members_remove, group, [user])
    elif kind == "personal_folder_create":
        home = state.members[change["email"]]["home"]
        with_retries(clients.in_home(home).files_create_folder_v2, "/" + change["folder"])
    else:
        folder_id = state.team_folders[change["folder"].lower()][0]
        member = _member_selector(change, state)
        if kind == "access_grant":
            level = getattr(sharing.AccessLevel, change["level"])
            with_retries(
                clients.admin.sharing_add_folder_member,
                folder_id,
                [sharing.AddMember(member, level)],
                quiet=True,
            )
        elif kind == "access_change":
            level = getattr(sharing.AccessLevel, change["level"])
            with_retries(clients.admin.sharing_update_folder_member, folder_id, member, level)
        elif kind == "access_revoke":
            with_retries(clients.admin.sharing_remove_folder_member, folder_id, member, False)


def change_target(change: dict) -> str:
    parts = [
        change.get("folder", ""),
        change.get("group", ""),
        change.get("grantee", ""),
        change.get("email", ""),
    ]
    return " · ".join(p for p in parts if p)


def changes_apply(
    *,
    engagement: Engagement,
    clients: Clients,
    state: DropboxState,
    changes: list[dict],
    user,
    progress: Callable[[int], None],
) -> list[dict]:
    """Make each change, in order, recording each in the Dropbox audit; a failed change is recorded
    with Dropbox's error and the others go on. Returns the changes with their `result`."""
    done = []
    for number, change in enumerate(changes, start=1):
        try:
            _apply_one(clients, state, change)
            result, reason = DropboxAction.Result.OK, ""
        except ApiError as error:
            result, reason = DropboxAction.Result.FAILED, str(error.error)
        dropbox_action_record(
            engagement=engagement,
            user=user,
            action=f"folders-{change['kind'].replace('_', '-')}",
            target=change_target(change),
            result=result,
            reason=reason,
            detail={k: v for k, v in change.items() if k != "kind"},
        )
        done.append({**change, "result": str(result), "reason": reason})
        progress(number)
    return done


def verify_as_members(
    *, clients: Clients, desired: DesiredState, state: DropboxState, progress: Callable[[int], None]
) -> list[dict]:
    """Look from each person's side: as each active member on the user list, every team folder of
    the plan they should reach lists, and every one they should not answers not_found."""
    rows = []
    people = [
        email for email in sorted(desired.people) if state.members.get(email, {}).get("status") == "active"
    ]
    for number, email in enumerate(people, start=1):
        client = clients.as_member(state.members[email]["id"])
        should = desired.reach.get(email, {})
        for key, name in sorted(desired.team_folders.items()):
            try:
                with_retries(client.files_list_folder, "/" + name, limit=1)
                reached = True
            except ApiError as error:
                if not _is_not_found(error):
                    raise
                reached = False
            expected = key in should
            rows.append(
                {
                    "email": email,
                    "name": desired.people[email],
                    "folder": name,
                    "expected": expected,
                    "reached": reached,
                    "ok": expected == reached,
                }
            )
        progress(number)
    return rows
