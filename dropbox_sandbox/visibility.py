"""What a member acting as themselves may see and change inside team and shared folders.

Team folders and shared folders are namespaces mounted in the team space (or a home). A member
who is not on a folder's member list (directly or through a group) does not see it: its path
is not_found and listings leave it out. Viewers see it but cannot write (no_write_permission).
Team admins acting with Dropbox-API-Select-Admin, and team tokens, see everything.
"""

from . import tree
from .accounts import member_access

WRITE_LEVELS = ("owner", "editor")


def _mounts(call, storage_ns: str) -> dict[str, str | None]:
    """Mount key -> the caller's access, for folders the caller is restricted in (cached per call)."""
    if call.member is None or call.as_admin:
        return {}
    cache = call.__dict__.setdefault("_mount_access", {})
    if storage_ns not in cache:
        rows = call.store.db.execute(
            "SELECT * FROM namespaces WHERE storage_ns = ? AND status = 'active' "
            "AND kind IN ('team_folder', 'shared_folder')",
            (storage_ns,),
        ).fetchall()
        cache[storage_ns] = {row["prefix_lower"]: member_access(call.store, call.member, row) for row in rows}
    return cache[storage_ns]


def _governing(mounts: dict, key: str):
    """(found, access) of the innermost mount holding `key`."""
    best = None
    for prefix in mounts:
        if (key == prefix or key.startswith(prefix + "/")) and (best is None or len(prefix) > len(best)):
            best = prefix
    return (best is not None, mounts.get(best))


def check_read(call, loc) -> None:
    found, access = _governing(_mounts(call, loc.storage_ns), loc.key)
    if found and access is None:
        raise tree.LookupFailed("not_found")


def check_write(call, loc) -> None:
    found, access = _governing(_mounts(call, loc.storage_ns), loc.key)
    if found and access not in WRITE_LEVELS:
        raise tree.WriteFailed("no_write_permission")


def visible(call, storage_ns: str, rows) -> list:
    mounts = _mounts(call, storage_ns)
    if not mounts:
        return list(rows)
    return [row for row in rows if not _hidden(mounts, row["path_lower"])]


def visible_key(call, storage_ns: str, key: str) -> bool:
    mounts = _mounts(call, storage_ns)
    return not mounts or not _hidden(mounts, key)


def _hidden(mounts: dict, key: str) -> bool:
    found, access = _governing(mounts, key)
    return found and access is None
