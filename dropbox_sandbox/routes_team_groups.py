"""team/groups/*: groups, their members, and the folders that name them (sharing.folder_members)."""

import calendar

from dropbox import async_, team, team_common

from . import accounts, jobs
from .routes_team import (
    check_job,
    decode_cursor,
    encode_cursor,
    find_member_by_selector,
    selector_label,
)
from .routing import handles
from .shapes import member_profile
from .store import from_text, random_id, to_text, utcnow
from .wire import RouteError


def _member_infos(store, group_id: str, *, offset: int = 0, limit: int = -1) -> list:
    rows = store.db.execute(
        "SELECT m.*, gm.access FROM group_members gm JOIN members m ON m.id = gm.member_id "
        "WHERE gm.group_id = ? ORDER BY m.seq LIMIT ? OFFSET ?",
        (group_id, limit, offset),
    ).fetchall()
    infos = []
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
            joined_on=profile.joined_on,
            invited_on=profile.invited_on,
        )
        infos.append(
            team.GroupMemberInfo(profile=basic, access_type=getattr(team.GroupAccessType, row["access"]))
        )
    return infos


def group_full_info(store, group) -> team.GroupFullInfo:
    members = _member_infos(store, group["id"])
    return team.GroupFullInfo(
        group_name=group["name"],
        group_id=group["id"],
        group_external_id=group["external_id"],
        member_count=len(members),
        group_management_type=getattr(team_common.GroupManagementType, group["management_type"]),
        members=members,
        created=calendar.timegm(from_text(group["created"]).timetuple()) * 1000,  # ms since the epoch
    )


def _name_taken(call, name: str, *, except_id: str | None = None) -> bool:
    return (
        call.store.db.execute(
            "SELECT 1 FROM groups_ WHERE team_id = ? AND lower(name) = lower(?) AND id IS NOT ?",
            (call.team["id"], name, except_id),
        ).fetchone()
        is not None
    )


def _external_id_taken(call, external_id: str | None, *, except_id: str | None = None) -> bool:
    return bool(external_id) and (
        call.store.db.execute(
            "SELECT 1 FROM groups_ WHERE team_id = ? AND external_id = ? AND id IS NOT ?",
            (call.team["id"], external_id, except_id),
        ).fetchone()
        is not None
    )


@handles(team.groups_create)
def groups_create(call):
    arg, db = call.arg, call.store.db
    if not arg.group_name.strip():
        raise RouteError(team.GroupCreateError.group_name_invalid)
    if _name_taken(call, arg.group_name):
        raise RouteError(team.GroupCreateError.group_name_already_used)
    if _external_id_taken(call, arg.group_external_id):
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


def _group_job(call) -> str:
    return jobs.save(
        call.store,
        kind="groups_job",
        validator=team.groups_job_status_get.result_type,
        result=async_.PollEmptyResult.complete,
    )


@handles(team.groups_members_add)
def groups_members_add(call):
    group = find_group(call, call.arg.group)
    if group is None:
        raise RouteError(team.GroupMembersAddError.group_not_found)
    found, missing = [], []
    for access in call.arg.members:
        member = find_member_by_selector(call, access.user)
        if member is None or member["status"] not in accounts.SEATED:
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
    return team.GroupMembersChangeResult(
        group_info=group_full_info(call.store, group), async_job_id=_group_job(call)
    )


@handles(team.groups_members_remove)
def groups_members_remove(call):
    """Remove members from a group: every named user must exist, be on the team and in the group."""
    error_cls = team.GroupMembersRemoveError
    group = find_group(call, call.arg.group)
    if group is None:
        raise RouteError(error_cls.group_not_found)
    db = call.store.db
    missing, not_in_team, chosen = [], [], []
    for selector in call.arg.users:
        member = find_member_by_selector(call, selector)
        if member is None:
            missing.append(selector_label(selector))
        elif member["status"] not in accounts.SEATED:
            not_in_team.append(selector_label(selector))
        else:
            chosen.append(member)
    if missing:
        raise RouteError(error_cls.users_not_found(missing))
    if not_in_team:
        raise RouteError(error_cls.members_not_in_team(not_in_team))
    for member in chosen:
        in_group = db.execute(
            "SELECT 1 FROM group_members WHERE group_id = ? AND member_id = ?", (group["id"], member["id"])
        ).fetchone()
        if in_group is None:
            raise RouteError(error_cls.member_not_in_group)
        db.execute(
            "DELETE FROM group_members WHERE group_id = ? AND member_id = ?", (group["id"], member["id"])
        )
    return team.GroupMembersChangeResult(
        group_info=group_full_info(call.store, group), async_job_id=_group_job(call)
    )


def _members_list_page(call, group, *, offset: int, limit: int):
    members = _member_infos(call.store, group["id"], offset=offset, limit=limit + 1)
    state = {"team": call.team["id"], "group": group["id"], "offset": offset + limit, "limit": limit}
    return team.GroupsMembersListResult(
        members=members[:limit], cursor=encode_cursor(state), has_more=len(members) > limit
    )


@handles(team.groups_members_list)
def groups_members_list(call):
    group = find_group(call, call.arg.group)
    if group is None:
        raise RouteError(team.GroupSelectorError.group_not_found)
    return _members_list_page(call, group, offset=0, limit=call.arg.limit)


@handles(team.groups_members_list_continue)
def groups_members_list_continue(call):
    invalid = team.GroupsMembersListContinueError.invalid_cursor
    state = decode_cursor(call, call.arg.cursor, invalid)
    group = _group_row(call, state.get("group", ""))
    if group is None:
        raise RouteError(invalid)
    return _members_list_page(call, group, offset=state["offset"], limit=state["limit"])


@handles(team.groups_get_info)
def groups_get_info(call):
    """One item per id asked for, in order: the group's full info, or id_not_found."""
    selector, db = call.arg, call.store.db
    column, wanted = (
        ("id", selector.get_group_ids())
        if selector.is_group_ids()
        else ("external_id", selector.get_group_external_ids())
    )
    items = []
    for value in wanted:
        row = db.execute(
            f"SELECT * FROM groups_ WHERE {column} = ? AND team_id = ?",  # noqa: S608
            (value, call.team["id"]),
        ).fetchone()
        if row is not None:
            items.append(team.GroupsGetInfoItem.group_info(group_full_info(call.store, row)))
        elif column == "id" and db.execute("SELECT 1 FROM groups_ WHERE id = ?", (value,)).fetchone():
            raise RouteError(team.GroupsGetInfoError.group_not_on_team)
        else:
            items.append(team.GroupsGetInfoItem.id_not_found(value))
    return items


@handles(team.groups_update)
def groups_update(call):
    arg, error_cls = call.arg, team.GroupUpdateError
    group = find_group(call, arg.group)
    if group is None:
        raise RouteError(error_cls.group_not_found)
    name = arg.new_group_name if arg.new_group_name is not None else group["name"]
    if not name.strip():
        raise RouteError(error_cls.group_name_invalid)
    if _name_taken(call, name, except_id=group["id"]):
        raise RouteError(error_cls.group_name_already_used)
    external_id = arg.new_group_external_id if arg.new_group_external_id is not None else group["external_id"]
    if _external_id_taken(call, external_id, except_id=group["id"]):
        raise RouteError(error_cls.external_id_already_in_use)
    management = (
        arg.new_group_management_type._tag if arg.new_group_management_type else group["management_type"]
    )
    call.store.db.execute(
        "UPDATE groups_ SET name = ?, external_id = ?, management_type = ? WHERE id = ?",
        (name, external_id, management, group["id"]),
    )
    return group_full_info(call.store, _group_row(call, group["id"]))


@handles(team.groups_delete)
def groups_delete(call):
    """Delete a group: its members leave it, and the folders it was a member of lose it."""
    group = find_group(call, call.arg)
    if group is None:
        raise RouteError(team.GroupDeleteError.group_not_found)
    db = call.store.db
    db.execute("DELETE FROM group_members WHERE group_id = ?", (group["id"],))
    db.execute("DELETE FROM folder_members WHERE principal = ?", (group["id"],))
    db.execute("DELETE FROM groups_ WHERE id = ?", (group["id"],))
    return async_.LaunchEmptyResult.async_job_id(_group_job(call))


@handles(team.groups_job_status_get)
def groups_job_status_get(call):
    return check_job(call, "groups_job")


def _groups_page(call, *, offset: int, limit: int):
    rows = call.store.db.execute(
        "SELECT g.*, (SELECT count(*) FROM group_members gm WHERE gm.group_id = g.id) AS member_count "
        "FROM groups_ g WHERE team_id = ? ORDER BY g.rowid LIMIT ? OFFSET ?",
        (call.team["id"], limit + 1, offset),
    ).fetchall()
    summaries = [
        team_common.GroupSummary(
            group_name=row["name"],
            group_id=row["id"],
            group_external_id=row["external_id"],
            member_count=row["member_count"],
            group_management_type=getattr(team_common.GroupManagementType, row["management_type"]),
        )
        for row in rows[:limit]
    ]
    state = {"team": call.team["id"], "offset": offset + limit, "limit": limit}
    return team.GroupsListResult(groups=summaries, cursor=encode_cursor(state), has_more=len(rows) > limit)


@handles(team.groups_list)
def groups_list(call):
    return _groups_page(call, offset=0, limit=call.arg.limit)


@handles(team.groups_list_continue)
def groups_list_continue(call):
    state = decode_cursor(call, call.arg.cursor, team.GroupsListContinueError.invalid_cursor)
    return _groups_page(call, offset=state["offset"], limit=state["limit"])
