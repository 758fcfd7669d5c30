"""team/*: the team and its members (groups: routes_team_groups; team folders and namespaces:
routes_team_folders)."""

import base64
import json

from dropbox import async_, team

from . import accounts, jobs
from .routing import handles
from .shapes import member_info_v2, member_profile, team_member_policies
from .wire import RouteError, bad_request

MAX_MEMBERS_PER_ADD = 20  # Dropbox's limit per members/add call
DEFAULT_PAGE = 1000


@handles(team.get_info)
def get_info(call):
    # Provisioned: "invited or already active members"; an invitation holds its licence too.
    seated = len(accounts.seated_members(call.store, call.team["id"]))
    return team.TeamGetInfoResult(
        name=call.team["name"],
        team_id=call.team["id"],
        num_licensed_users=call.team["num_licensed_users"],
        num_provisioned_users=seated,
        num_used_licenses=seated,
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
def encode_cursor(state: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def decode_cursor(call, cursor: str, error) -> dict:
    """A cursor this team's listing handed out, or RouteError(error) (invalid_cursor)."""
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if state["team"] != call.team["id"]:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise RouteError(error) from None
    return state


def _members_page(call, *, offset: int, limit: int, include_removed: bool):
    status = "" if include_removed else "AND status != 'removed'"
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
        cursor=encode_cursor(cursor),
        has_more=has_more,
    )


@handles(team.members_list_v2)
def members_list_v2(call):
    return _members_page(call, offset=0, limit=call.arg.limit, include_removed=call.arg.include_removed)


@handles(team.members_list_continue_v2)
def members_list_continue_v2(call):
    state = decode_cursor(call, call.arg.cursor, team.MembersListContinueError.invalid_cursor)
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
    """Add up to 20 members; each beyond the licence count fails with team_license_limit.

    1. A member whose e-mail is already invited or active: user_already_on_team (with the e-mail).
    2. Active + invited members hold the licences; past num_licensed_users: team_license_limit.
    3. A new member is `invited` until they accept (`POST /__sandbox__/teams/<id>/members/accept`);
       the team can already act as them (Select-User), as Dropbox allows.
    4. Shared-folder invitations sent to their e-mail become their memberships.
    """
    new_members = call.arg.new_members
    if len(new_members) > MAX_MEMBERS_PER_ADD:
        raise bad_request(
            f'Error in call to API function "team/members/add_v2": request body: new_members: '
            f"at most {MAX_MEMBERS_PER_ADD} members per call, got {len(new_members)}"
        )
    store, team_id = call.store, call.team["id"]
    results = []
    for new in new_members:
        seated = accounts.seated_members(store, team_id)
        existing = accounts.find_member(store, team_id, email=new.member_email)
        if existing is not None and existing["status"] in accounts.SEATED:
            results.append(team.MemberAddV2Result.user_already_on_team(new.member_email))
        elif new.member_external_id and accounts.find_member(
            store, team_id, external_id=new.member_external_id
        ):
            results.append(team.MemberAddV2Result.duplicate_external_member_id(new.member_email))
        elif len(seated) >= call.team["num_licensed_users"]:
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
                status="invited",
            )
            accounts.claim_email_invitations(store, member)
            results.append(team.MemberAddV2Result.success(member_info_v2(store, member)))
    status = team.MembersAddJobStatusV2Result.complete(results)
    job_id = jobs.save(
        store, kind="members_add", validator=team.members_add_job_status_get_v2.result_type, result=status
    )
    return team.MembersAddLaunchV2Result.async_job_id(job_id)


@handles(team.members_add_job_status_get_v2)
def members_add_job_status_get_v2(call):
    return check_job(call, "members_add")


def check_job(call, kind: str):
    """The stored result of an async job of `kind`, for a `*/job_status/get` route."""
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
    if member["status"] not in accounts.SEATED:
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
    return check_job(call, "members_remove")
