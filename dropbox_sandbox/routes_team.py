"""team/*: the team, its members and groups (team folders and namespaces: routes_team_folders)."""

import base64
import calendar
import json

from dropbox import async_, team, team_common

from . import accounts, jobs
from .routing import handles
from .shapes import member_info_v2, member_profile, team_member_policies
from .store import from_text, random_id, to_text, utcnow
from .wire import RouteError, bad_request

MAX_MEMBERS_PER_ADD = 20  # Dropbox's limit per members/add call
DEFAULT_PAGE = 1000


@handles(team.get_info)
def get_info(call):
    used = len(accounts.active_members(call.store, call.team["id"]))
    return team.TeamGetInfoResult(
        name=call.team["name"],
        team_id=call.team["id"],
        num_licensed_users=call.team["num_licensed_users"],
        num_provisioned_users=used,
        num_used_licenses=used,
        policies=team_member_policies(),
    )


@handles(team.token_get_authenticated_admin)
def token_get_authenticated_admin(call):
    """The admin who approved the team token: the team's first admin in the sandbox."""
    admins = [m for m in accounts.active_members(call.store, call.team["id"]) if m["role"] == "team_admin"]
    if not admins:
        raise RouteError(team.TokenGetAuthenticatedAdminError.admin_not_active)
    return team.TokenGetAuthenticatedAdminResult(admin_profile=member_profile(call.store, admins[0]))


# --- members ------------------------------------------------------------------------------------
def _members_page(call, *, offset: int, limit: int, include_removed: bool):
    status = "" if include_removed else "AND status = 'active'"
    rows = call.store.db.execute(
        f"SELECT * FROM members WHERE team_id = ? {status} ORDER BY seq LIMIT ? OFFSET ?",  # noqa: S608
        (call.team["id"], limit + 1, offset),
    ).fetchall()
    has_more = len(rows) > limit
    cursor = {
        "offset": offset + limit,
        "limit": limit,
        "include_removed": include_removed,
        "team": call.team["id"],
    }
    return team.MembersListV2Result(
        members=[member_info_v2(call.store, row) for row in rows[:limit]],
        cursor=base64.urlsafe_b64encode(json.dumps(cursor).encode()).decode(),
        has_more=has_more,
    )


@handles(team.members_list_v2)
def members_list_v2(call):
    return _members_page(call, offset=0, limit=call.arg.limit, include_removed=call.arg.include_removed)


@handles(team.members_list_continue_v2)
def members_list_continue_v2(call):
    try:
        state = json.loads(base64.urlsafe_b64decode(call.arg.cursor.encode()))
        if state["team"] != call.team["id"]:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise RouteError(team.MembersListContinueError.invalid_cursor) from None
    return _members_page(
        call, offset=state["offset"], limit=state["limit"], include_removed=state["include_removed"]
    )


def find_member_by_selector(call, selector):
    """A member (any status) of the caller's team chosen by a UserSelectorArg, or None."""
    team_id = call.team["id"]
    if selector.is_team_member_id():
        return accounts.find_member(call.store, team_id, member_id=selector.get_team_member_id())
    if selector.is_email():
        return accounts.find_member(call.store, team_id, email=selector.get_email())
    return accounts.find_member(call.store, team_id, external_id=selector.get_external_id())


def selector_label(selector) -> str:
    """The e-mail, member id or external id a UserSelectorArg carries."""
    for tag in ("team_member_id", "email", "external_id"):
        if getattr(selector, f"is_{tag}")():
            return getattr(selector, f"get_{tag}")()
    return ""


@handles(team.members_add_v2)
def members_add_v2(call):
    """Add up to 20 members; each beyond the licence count fails with team_license_limit."""
    new_members = call.arg.new_members
    if len(new_members) > MAX_MEMBERS_PER_ADD:
        raise bad_request(
            f'Error in call to API function "team/members/add_v2": request body: new_members: '
            f"at most {MAX_MEMBERS_PER_ADD} members per call, got {len(new_members)}"
        )
    store, team_id = call.store, call.team["id"]
    results = []
    for new in new_members:
        active = accounts.active_members(store, team_id)
        existing = accounts.find_member(store, team_id, email=new.member_email)
        if existing is not None and existing["status"] == "active":
            results.append(team.MemberAddV2Result.user_already_on_team(new.member_email))
        elif new.member_external_id and accounts.find_member(
            store, team_id, external_id=new.member_external_id
        ):
            results.append(team.MemberAddV2Result.duplicate_external_member_id(new.member_email))
        elif len(active) >= call.team["num_licensed_users"]:
            results.append(team.MemberAddV2Result.team_license_limit(new.member_email))
        else:
            role = (
                "team_admin" if any(r.endswith("team_admin") for r in new.role_ids or []) else "member_only"
            )
            member = accounts.add_member(
                store,
                team_id=team_id,
                email=new.member_email,
                given_name=new.member_given_name or "",
                surname=new.member_surname or "",
                role=role,
                external_id=new.member_external_id,
            )
            results.append(team.MemberAddV2Result.success(member_info_v2(store, member)))
    status = team.MembersAddJobStatusV2Result.complete(results)
    job_id = jobs.save(
        store, kind="members_add", validator=team.members_add_job_status_get_v2.result_type, result=status
    )
    return team.MembersAddLaunchV2Result.async_job_id(job_id)


@handles(team.members_add_job_status_get_v2)
def members_add_job_status_get_v2(call):
    return _check(call, "members_add")


def _check(call, kind: str):
    result = jobs.load(call.store, job_id=call.arg.async_job_id, kind=kind, validator=call.route.result_type)
    if result is None:
        raise RouteError(async_.PollError.invalid_async_job_id)
    return result


@handles(team.members_get_info_v2)
def members_get_info_v2(call):
    items = []
    for selector in call.arg.members:
        member = find_member_by_selector(call, selector)
        if member is None:
            items.append(team.MembersGetInfoItemV2.id_not_found(selector_label(selector)))
        else:
            items.append(team.MembersGetInfoItemV2.member_info(member_info_v2(call.store, member)))
    return team.MembersGetInfoV2Result(members_info=items)


@handles(team.members_remove)
def members_remove(call):
    member = find_member_by_selector(call, call.arg.user)
    if member is None:
        raise RouteError(team.MembersRemoveError.user_not_found)
    if member["status"] != "active":
        raise RouteError(team.MembersRemoveError.user_not_in_team)
    admins = [m for m in accounts.active_members(call.store, call.team["id"]) if m["role"] == "team_admin"]
    if member["role"] == "team_admin" and len(admins) == 1:
        raise RouteError(team.MembersRemoveError.remove_last_admin)
    db = call.store.db
    db.execute("UPDATE members SET status = 'removed' WHERE id = ?", (member["id"],))
    db.execute("DELETE FROM group_members WHERE member_id = ?", (member["id"],))
    db.execute("DELETE FROM folder_members WHERE principal = ?", (member["id"],))
    db.execute("DELETE FROM tokens WHERE member_id = ?", (member["id"],))
    job_id = jobs.save(
        call.store,
        kind="members_remove",
        validator=team.members_remove_job_status_get.result_type,
        result=async_.PollEmptyResult.complete,
    )
    return async_.LaunchEmptyResult.async_job_id(job_id)


@handles(team.members_remove_job_status_get)
def members_remove_job_status_get(call):
    return _check(call, "members_remove")


# --- groups -------------------------------------------------------------------------------------
def group_full_info(store, group) -> team.GroupFullInfo:
    rows = store.db.execute(
        "SELECT m.*, gm.access FROM group_members gm JOIN members m ON m.id = gm.member_id "
        "WHERE gm.group_id = ? ORDER BY m.seq",
        (group["id"],),
    ).fetchall()
    members = []
    for row in rows:
        profile = member_profile(store, row)
        basic = team.MemberProfile(
            team_member_id=profile.team_member_id,
            email=profile.email,
            email_verified=True,
            status=profile.status,
            name=profile.name,
            membership_type=profile.membership_type,
            account_id=profile.account_id,
            external_id=profile.external_id,
        )
        members.append(
            team.GroupMemberInfo(profile=basic, access_type=getattr(team.GroupAccessType, row["access"]))
        )
    return team.GroupFullInfo(
        group_name=group["name"],
        group_id=group["id"],
        group_external_id=group["external_id"],
        member_count=len(members),
        group_management_type=getattr(team_common.GroupManagementType, group["management_type"]),
        members=members,
        created=calendar.timegm(from_text(group["created"]).timetuple()) * 1000,  # ms since the epoch
    )


@handles(team.groups_create)
def groups_create(call):
    arg, db = call.arg, call.store.db
    if not arg.group_name.strip():
        raise RouteError(team.GroupCreateError.group_name_invalid)
    taken = db.execute(
        "SELECT 1 FROM groups_ WHERE team_id = ? AND lower(name) = lower(?)",
        (call.team["id"], arg.group_name),
    ).fetchone()
    if taken:
        raise RouteError(team.GroupCreateError.group_name_already_used)
    if (
        arg.group_external_id
        and db.execute(
            "SELECT 1 FROM groups_ WHERE team_id = ? AND external_id = ?",
            (call.team["id"], arg.group_external_id),
        ).fetchone()
    ):
        raise RouteError(team.GroupCreateError.external_id_already_in_use)
    management = arg.group_management_type._tag if arg.group_management_type else "company_managed"
    group_id = "g:" + random_id(30).replace("-", "a").replace("_", "b").lower()
    db.execute(
        "INSERT INTO groups_ (id, team_id, name, external_id, management_type, created) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (group_id, call.team["id"], arg.group_name, arg.group_external_id, management, to_text(utcnow())),
    )
    if arg.add_creator_as_owner and call.member is not None:
        db.execute("INSERT INTO group_members VALUES (?, ?, 'owner')", (group_id, call.member["id"]))
    return group_full_info(call.store, _group_row(call, group_id))


def _group_row(call, group_id: str):
    return call.store.db.execute(
        "SELECT * FROM groups_ WHERE id = ? AND team_id = ?", (group_id, call.team["id"])
    ).fetchone()


def find_group(call, selector):
    if selector.is_group_id():
        return _group_row(call, selector.get_group_id())
    return call.store.db.execute(
        "SELECT * FROM groups_ WHERE external_id = ? AND team_id = ?",
        (selector.get_group_external_id(), call.team["id"]),
    ).fetchone()


@handles(team.groups_members_add)
def groups_members_add(call):
    group = find_group(call, call.arg.group)
    if group is None:
        raise RouteError(team.GroupMembersAddError.group_not_found)
    found, missing = [], []
    for access in call.arg.members:
        member = find_member_by_selector(call, access.user)
        if member is None or member["status"] != "active":
            missing.append(selector_label(access.user))
        else:
            found.append((member, access.access_type._tag))
    if missing:
        raise RouteError(team.GroupMembersAddError.users_not_found(missing))
    db = call.store.db
    for member, access in found:
        if db.execute(
            "SELECT 1 FROM group_members WHERE group_id = ? AND member_id = ?", (group["id"], member["id"])
        ).fetchone():
            raise RouteError(team.GroupMembersAddError.duplicate_user)
        db.execute("INSERT INTO group_members VALUES (?, ?, ?)", (group["id"], member["id"], access))
    job_id = jobs.save(
        call.store,
        kind="groups_job",
        validator=team.groups_job_status_get.result_type,
        result=async_.PollEmptyResult.complete,
    )
    return team.GroupMembersChangeResult(group_info=group_full_info(call.store, group), async_job_id=job_id)


@handles(team.groups_job_status_get)
def groups_job_status_get(call):
    return _check(call, "groups_job")


@handles(team.groups_list)
def groups_list(call):
    rows = call.store.db.execute(
        "SELECT * FROM groups_ WHERE team_id = ? ORDER BY created, id LIMIT ?",
        (call.team["id"], call.arg.limit),
    ).fetchall()
    summaries = []
    for row in rows:
        count = call.store.db.execute(
            "SELECT count(*) FROM group_members WHERE group_id = ?", (row["id"],)
        ).fetchone()[0]
        summaries.append(
            team_common.GroupSummary(
                group_name=row["name"],
                group_id=row["id"],
                group_external_id=row["external_id"],
                member_count=count,
                group_management_type=getattr(team_common.GroupManagementType, row["management_type"]),
            )
        )
    return team.GroupsListResult(groups=summaries, cursor="end", has_more=False)
