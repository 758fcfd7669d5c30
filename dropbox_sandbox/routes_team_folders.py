"""team/team_folder/* and team/namespaces/list: team folders are namespaces mounted in the team space root."""

from dropbox import files, team

from . import accounts, paths, tree
from .context import Location
from .routes_team import decode_cursor, encode_cursor
from .routing import handles
from .store import to_text, utcnow
from .wire import RouteError


def team_folder_metadata(namespace) -> team.TeamFolderMetadata:
    status = (
        team.TeamFolderStatus.active if namespace["status"] == "active" else team.TeamFolderStatus.archived
    )
    return team.TeamFolderMetadata(
        team_folder_id=namespace["id"],
        name=namespace["name"],
        status=status,
        is_team_shared_dropbox=True,
        sync_setting=files.SyncSetting.default,
        content_sync_settings=[],
    )


def mount_namespace(
    store, *, team_id: str, kind: str, name: str, storage_ns: str, key: str, owner=None
) -> str:
    """Make the folder at `key` in `storage_ns` the root of a new shared/team folder namespace."""
    ns_id = store.new_namespace_id()
    store.db.execute(
        "INSERT INTO namespaces (id, team_id, kind, name, storage_ns, prefix_lower, owner_member, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ns_id, team_id, kind, name, storage_ns, key, owner, to_text(utcnow())),
    )
    store.db.execute(
        "UPDATE entries SET shared_ns = ? WHERE ns = ? AND path_lower = ?", (ns_id, storage_ns, key)
    )
    if owner:
        store.db.execute("INSERT INTO folder_members VALUES (?, ?, 'owner')", (ns_id, owner))
    return ns_id


@handles(team.team_folder_create)
def team_folder_create(call):
    name = call.arg.name
    try:
        path = paths.parse("/" + name, allow_root=False)
        if "/" in name:
            raise paths.MalformedPath(name)
        paths.check_writable_name(path)
    except (paths.MalformedPath, paths.DisallowedName):
        raise RouteError(team.TeamFolderCreateError.invalid_folder_name) from None
    root_ns = call.team["root_ns"]
    loc = Location(root_ns, "", path)
    if tree.get(call.store, loc) is not None:
        raise RouteError(team.TeamFolderCreateError.folder_name_already_used)
    tree.create_folder(call.store, loc, autorename=False)
    ns_id = mount_namespace(
        call.store, team_id=call.team["id"], kind="team_folder", name=name, storage_ns=root_ns, key=loc.key
    )
    return team_folder_metadata(accounts.namespace_row(call.store, ns_id))


def _team_folders_page(call, *, offset: int, limit: int):
    rows = call.store.db.execute(
        "SELECT * FROM namespaces WHERE team_id = ? AND kind = 'team_folder' AND status = 'active' "
        "ORDER BY CAST(id AS INTEGER) LIMIT ? OFFSET ?",
        (call.team["id"], limit + 1, offset),
    ).fetchall()
    state = {"team": call.team["id"], "offset": offset + limit, "limit": limit}
    return team.TeamFolderListResult(
        team_folders=[team_folder_metadata(row) for row in rows[:limit]],
        cursor=encode_cursor(state),
        has_more=len(rows) > limit,
    )


@handles(team.team_folder_list)
def team_folder_list(call):
    return _team_folders_page(call, offset=0, limit=call.arg.limit)


@handles(team.team_folder_list_continue)
def team_folder_list_continue(call):
    state = decode_cursor(call, call.arg.cursor, team.TeamFolderListContinueError.invalid_cursor)
    return _team_folders_page(call, offset=state["offset"], limit=state["limit"])


@handles(team.team_folder_get_info)
def team_folder_get_info(call):
    """One item per id asked for: the team folder's metadata, or id_not_found."""
    items = []
    for folder_id in call.arg.team_folder_ids:
        row = accounts.namespace_row(call.store, folder_id)
        if row is None or row["team_id"] != call.team["id"] or row["kind"] != "team_folder":
            items.append(team.TeamFolderGetInfoItem.id_not_found(folder_id))
        else:
            items.append(team.TeamFolderGetInfoItem.team_folder_metadata(team_folder_metadata(row)))
    return items


NAMESPACE_TYPES = {
    "team_root": team.NamespaceType.team_member_root,
    "team_member_folder": team.NamespaceType.team_member_folder,
    "team_folder": team.NamespaceType.team_folder,
    "shared_folder": team.NamespaceType.shared_folder,
}


@handles(team.namespaces_list)
def namespaces_list(call):
    rows = call.store.db.execute(
        "SELECT * FROM namespaces WHERE team_id = ? AND status = 'active' "
        "ORDER BY CAST(id AS INTEGER) LIMIT ?",
        (call.team["id"], call.arg.limit),
    ).fetchall()
    return team.TeamNamespacesListResult(
        namespaces=[
            team.NamespaceMetadata(
                name=row["name"],
                namespace_id=row["id"],
                namespace_type=NAMESPACE_TYPES[row["kind"]],
                team_member_id=row["owner_member"] if row["kind"] == "team_member_folder" else None,
            )
            for row in rows
        ],
        cursor="end",
        has_more=False,
    )
