"""sharing/*: shared folders (and team folders, which are shared folders too) and their members.

Members are stored as principals: a team member id ("dbmid:..."), a group id ("g:...") or an
invited e-mail address outside the team ("email:someone@example.com").
"""

from dropbox import async_, sharing, team_common, users

from . import accounts, jobs, paths, tree
from .routes_team import decode_cursor, encode_cursor
from .routes_team_folders import mount_namespace
from .routing import handles
from .shapes import name_of
from .store import from_text
from .wire import RouteError


def _shared_namespace(call, shared_folder_id: str, error):
    namespace = accounts.namespace_row(call.store, shared_folder_id)
    if (
        namespace is None
        or namespace["team_id"] != call.team["id"]
        or namespace["kind"] not in ("shared_folder", "team_folder")
        or namespace["status"] != "active"
    ):
        raise RouteError(error(sharing.SharedFolderAccessError.invalid_id))
    return namespace


def _caller_access(call, namespace) -> str | None:
    """The caller's access level, or None for a member (acting as themselves) who is not on it."""
    if call.member is None or call.as_admin:
        return "owner" if namespace["kind"] == "shared_folder" else "editor"
    return accounts.member_access(call.store, call.member, namespace)


def _require_member(call, namespace, error):
    """Dropbox answers a caller who is not on the folder's member list not_a_member."""
    access = _caller_access(call, namespace)
    if access is None:
        raise RouteError(error(sharing.SharedFolderAccessError.not_a_member))
    return access


def shared_folder_metadata(call, namespace, access: str | None = None) -> sharing.SharedFolderMetadata:
    store = call.store
    mount = tree.get_by_key(store, namespace["storage_ns"], namespace["prefix_lower"])
    path_lower = path_display = None
    own = call.namespace
    if mount is not None and own is not None and mount["ns"] == own["storage_ns"]:
        if mount["path_lower"].startswith(own["prefix_lower"] + "/") or not own["prefix_lower"]:
            path_display = mount["path_display"][len(own["prefix_lower"]) :]
            path_lower = paths.lower(path_display)
    return sharing.SharedFolderMetadata(
        access_type=getattr(sharing.AccessLevel, access or _caller_access(call, namespace) or "viewer"),
        is_inside_team_folder=False,
        is_team_folder=namespace["kind"] == "team_folder",
        name=namespace["name"],
        policy=sharing.FolderPolicy(
            acl_update_policy=sharing.AclUpdatePolicy.editors,
            shared_link_policy=sharing.SharedLinkPolicy.anyone,
            member_policy=sharing.MemberPolicy.anyone,
            resolved_member_policy=sharing.MemberPolicy.anyone,
        ),
        preview_url=f"https://www.dropbox.com/scl/fo/sandbox/{namespace['id']}",
        shared_folder_id=namespace["id"],
        time_invited=from_text(namespace["created"]),
        path_lower=path_lower,
        path_display=path_display,
        access_inheritance=sharing.AccessInheritance.inherit,
        folder_id=mount["id"] if mount is not None else None,
        owner_team=users.Team(id=call.team["id"], name=call.team["name"]),
    )


# --- share_folder ------------------------------------------------------------------------------
@handles(sharing.share_folder)
def share_folder(call):
    bad_path = sharing.ShareFolderError.bad_path
    try:
        loc = tree.resolve(call, call.arg.path, allow_root=False)
    except (paths.MalformedPath, tree.LookupFailed):
        raise RouteError(bad_path(sharing.SharePathError.invalid_path)) from None
    store = call.store
    row = tree.get(store, loc)
    if row is not None and not row["is_folder"]:
        raise RouteError(bad_path(sharing.SharePathError.is_file))
    if row is not None and row["shared_ns"]:
        existing = accounts.namespace_row(store, row["shared_ns"])
        raise RouteError(
            bad_path(sharing.SharePathError.already_shared(shared_folder_metadata(call, existing)))
        )
    if loc.prefix_lower or any(
        (tree.get(store, loc.at(a)) or {"shared_ns": None})["shared_ns"] for a in loc.path.ancestors()
    ):
        raise RouteError(bad_path(sharing.SharePathError.inside_shared_folder))
    if any(entry["shared_ns"] for entry in tree.subtree(store, loc.storage_ns, loc.key, include_self=False)):
        raise RouteError(bad_path(sharing.SharePathError.contains_shared_folder))
    if row is None:
        try:
            row = tree.create_folder(store, loc, autorename=False)
        except tree.WriteFailed:
            raise RouteError(bad_path(sharing.SharePathError.invalid_path)) from None
    ns_id = mount_namespace(
        store,
        team_id=call.team["id"],
        kind="shared_folder",
        name=row["path_display"].rsplit("/", 1)[-1],
        storage_ns=loc.storage_ns,
        key=loc.key,
        owner=call.member["id"] if call.member is not None else None,
    )
    metadata = shared_folder_metadata(call, accounts.namespace_row(store, ns_id))
    job_id = jobs.save(
        store,
        kind="share_folder",
        validator=sharing.check_share_job_status.result_type,
        result=sharing.ShareFolderJobStatus.complete(metadata),
    )
    return sharing.ShareFolderLaunch.async_job_id(job_id)


def _check(call, kind: str):
    result = jobs.load(call.store, job_id=call.arg.async_job_id, kind=kind, validator=call.route.result_type)
    if result is None:
        raise RouteError(async_.PollError.invalid_async_job_id)
    return result


@handles(sharing.check_share_job_status)
def check_share_job_status(call):
    return _check(call, "share_folder")


@handles(sharing.check_job_status)
def check_job_status(call):
    return _check(call, "sharing_job")


@handles(sharing.get_folder_metadata)
def get_folder_metadata(call):
    namespace = _shared_namespace(call, call.arg.shared_folder_id, lambda error: error)
    access = _require_member(call, namespace, lambda error: error)
    return shared_folder_metadata(call, namespace, access)


# --- members ---------------------------------------------------------------------------------------
def _principal(call, selector):
    """(principal, problem): a MemberSelector -> stored principal, or the AddMemberSelectorError."""
    if selector.is_email():
        email = selector.get_email()
        member = accounts.find_member(call.store, call.team["id"], email=email)
        if member is not None and member["status"] in accounts.SEATED:
            return member["id"], None
        return f"email:{email.lower()}", None
    dropbox_id = selector.get_dropbox_id()
    if dropbox_id.startswith("g:"):
        group = call.store.db.execute(
            "SELECT id FROM groups_ WHERE id = ? AND team_id = ?", (dropbox_id, call.team["id"])
        ).fetchone()
        return (dropbox_id, None) if group else (None, sharing.AddMemberSelectorError.invalid_group)
    member = accounts.find_member(call.store, call.team["id"], member_id=dropbox_id) or accounts.find_member(
        call.store, call.team["id"], account_id=dropbox_id
    )
    if member is None or member["status"] not in accounts.SEATED:
        return None, sharing.AddMemberSelectorError.invalid_dropbox_id(dropbox_id)
    return member["id"], None


def _require_editor(call, namespace, error_cls):
    """Members change a folder's member list only as its owner or an editor (viewers: no_permission)."""
    if _require_member(call, namespace, error_cls.access_error) not in ("owner", "editor"):
        raise RouteError(error_cls.no_permission)


@handles(sharing.add_folder_member)
def add_folder_member(call):
    namespace = _shared_namespace(call, call.arg.shared_folder_id, sharing.AddFolderMemberError.access_error)
    _require_editor(call, namespace, sharing.AddFolderMemberError)
    additions = []
    for add in call.arg.members:
        principal, problem = _principal(call, add.member)
        if problem is not None:
            raise RouteError(sharing.AddFolderMemberError.bad_member(problem))
        level = add.access_level._tag if add.access_level is not None else "viewer"
        additions.append((principal, level))
    for principal, level in additions:
        call.store.db.execute(
            "INSERT INTO folder_members (ns_id, principal, access) VALUES (?, ?, ?) "
            "ON CONFLICT (ns_id, principal) DO UPDATE SET access = excluded.access "
            "WHERE folder_members.access != 'owner'",
            (namespace["id"], principal, level),
        )


@handles(sharing.list_folder_members)
def list_folder_members(call):
    namespace = _shared_namespace(call, call.arg.shared_folder_id, lambda error: error)
    _require_member(call, namespace, lambda error: error)
    store = call.store
    users, groups, invitees = [], [], []
    rows = store.db.execute("SELECT * FROM folder_members WHERE ns_id = ? ORDER BY rowid", (namespace["id"],))
    for row in rows.fetchall():
        access = getattr(sharing.AccessLevel, row["access"])
        principal = row["principal"]
        if principal.startswith("email:"):
            invitee = sharing.InviteeInfo.email(principal[len("email:") :])
            invitees.append(
                sharing.InviteeMembershipInfo(access_type=access, invitee=invitee, is_inherited=False)
            )
        elif principal.startswith("g:"):
            group = store.db.execute("SELECT * FROM groups_ WHERE id = ?", (principal,)).fetchone()
            count = store.db.execute(
                "SELECT count(*) FROM group_members WHERE group_id = ?", (principal,)
            ).fetchone()
            info = sharing.GroupInfo(
                group_name=group["name"],
                group_id=group["id"],
                group_external_id=group["external_id"],
                member_count=count[0],
                group_management_type=getattr(team_common.GroupManagementType, group["management_type"]),
                group_type=team_common.GroupType.user_managed,
                is_member=False,
                is_owner=False,
                same_team=True,
            )
            groups.append(sharing.GroupMembershipInfo(access_type=access, group=info, is_inherited=False))
        else:
            member = accounts.member_row(store, principal)
            user = sharing.UserInfo(
                account_id=member["account_id"],
                email=member["email"],
                display_name=name_of(member).display_name,
                same_team=True,
                team_member_id=member["id"],
            )
            users.append(sharing.UserMembershipInfo(access_type=access, user=user, is_inherited=False))
    return sharing.SharedFolderMembers(users=users, groups=groups, invitees=invitees)


def _existing_principal(call, namespace, selector, error_cls):
    principal, problem = _principal(call, selector)
    row = None
    if problem is None:
        row = call.store.db.execute(
            "SELECT * FROM folder_members WHERE ns_id = ? AND principal = ?", (namespace["id"], principal)
        ).fetchone()
    if row is None:
        raise RouteError(error_cls.member_error(sharing.SharedFolderMemberError.not_a_member))
    return row


@handles(sharing.update_folder_member)
def update_folder_member(call):
    error_cls = sharing.UpdateFolderMemberError
    namespace = _shared_namespace(call, call.arg.shared_folder_id, error_cls.access_error)
    _require_editor(call, namespace, error_cls)
    row = _existing_principal(call, namespace, call.arg.member, error_cls)
    if row["access"] == "owner":
        raise RouteError(error_cls.no_permission)
    level = call.arg.access_level._tag
    call.store.db.execute(
        "UPDATE folder_members SET access = ? WHERE ns_id = ? AND principal = ?",
        (level, namespace["id"], row["principal"]),
    )
    return sharing.MemberAccessLevelResult(access_level=call.arg.access_level)


@handles(sharing.remove_folder_member)
def remove_folder_member(call):
    error_cls = sharing.RemoveFolderMemberError
    namespace = _shared_namespace(call, call.arg.shared_folder_id, error_cls.access_error)
    _require_editor(call, namespace, error_cls)
    row = _existing_principal(call, namespace, call.arg.member, error_cls)
    if row["access"] == "owner":
        raise RouteError(error_cls.folder_owner)
    call.store.db.execute(
        "DELETE FROM folder_members WHERE ns_id = ? AND principal = ?", (namespace["id"], row["principal"])
    )
    job_id = jobs.save(
        call.store,
        kind="remove_member",
        validator=sharing.check_remove_member_job_status.result_type,
        result=sharing.RemoveMemberJobStatus.complete(sharing.MemberAccessLevelResult()),
    )
    return async_.LaunchResultBase.async_job_id(job_id)


@handles(sharing.check_remove_member_job_status)
def check_remove_member_job_status(call):
    return _check(call, "remove_member")


# --- the caller's own shared folders ---------------------------------------------------------------
def _folders_page(call, *, offset: int, limit: int):
    """Shared and team folders the acting member is on (directly or through a group), oldest first.

    Membership, not admin reach: a team admin acting with Select-Admin lists their own folders,
    as on Dropbox.
    """
    rows = call.store.db.execute(
        "SELECT * FROM namespaces WHERE team_id = ? AND status = 'active' "
        "AND kind IN ('shared_folder', 'team_folder') ORDER BY CAST(id AS INTEGER)",
        (call.team["id"],),
    ).fetchall()
    mine = []
    for row in rows:
        access = accounts.member_access(call.store, call.member, row)
        if access is not None:
            mine.append(shared_folder_metadata(call, row, access))
    page = mine[offset : offset + limit]
    more = len(mine) > offset + limit
    cursor = (
        encode_cursor({"team": call.team["id"], "offset": offset + limit, "limit": limit}) if more else None
    )
    return sharing.ListFoldersResult(entries=page, cursor=cursor)


@handles(sharing.list_folders)
def list_folders(call):
    return _folders_page(call, offset=0, limit=call.arg.limit)


@handles(sharing.list_folders_continue)
def list_folders_continue(call):
    state = decode_cursor(call, call.arg.cursor, sharing.ListFoldersContinueError.invalid_cursor)
    return _folders_page(call, offset=state["offset"], limit=state["limit"])
