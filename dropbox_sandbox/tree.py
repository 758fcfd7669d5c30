"""The file tree of every namespace: entries keyed by (storage namespace, lower-cased path).

Shared and team folders are namespaces mounted inside a storage namespace (the team space
root or a member's home): their entries live in that storage namespace under the mount's
path, so moving into or out of them is an ordinary rename. Every change is logged in
`changes` for list_folder/continue.
"""

from . import paths
from .context import Location
from .paths import SandboxPath
from .store import Store, to_text, utcnow


class LookupFailed(Exception):
    """tag: not_found, not_file, not_folder, malformed_path."""

    def __init__(self, tag: str):
        super().__init__(tag)
        self.tag = tag


class WriteFailed(Exception):
    """tag: conflict (with conflict = file|folder|file_ancestor), disallowed_name, malformed_path."""

    def __init__(self, tag: str, conflict: str | None = None):
        super().__init__(f"{tag}:{conflict}")
        self.tag = tag
        self.conflict = conflict


def _parent_key(key: str) -> str:
    return key.rsplit("/", 1)[0]


def get(store: Store, loc: Location):
    return store.db.execute(
        "SELECT * FROM entries WHERE ns = ? AND path_lower = ?", (loc.storage_ns, loc.key)
    ).fetchone()


def get_by_key(store: Store, ns: str, key: str):
    return store.db.execute("SELECT * FROM entries WHERE ns = ? AND path_lower = ?", (ns, key)).fetchone()


def resolve(call, raw: str, *, allow_root: bool = True) -> Location:
    """A client path ("/a/b", "", "id:...", "ns:123/a") -> Location; MalformedPath / LookupFailed."""
    store = call.store
    if raw.startswith("id:"):
        file_id, _, rest = raw.partition("/")
        row = store.db.execute("SELECT * FROM entries WHERE id = ?", (file_id,)).fetchone()
        namespace = call.namespace
        if (
            row is None
            or row["ns"] != namespace["storage_ns"]
            or not row["path_lower"].startswith(namespace["prefix_lower"])
        ):
            raise LookupFailed("not_found")
        base = row["path_display"][len(namespace["prefix_lower"]) :]
        return call.location(paths.parse(base + ("/" + rest if rest else ""), allow_root=allow_root))
    if raw.startswith("ns:"):
        from . import accounts
        from .context import can_access

        ns_id, _, rest = raw[3:].partition("/")
        namespace = accounts.namespace_row(store, ns_id)
        if (
            namespace is None
            or namespace["team_id"] != call.team["id"]
            or not can_access(store, call.member, call.as_admin, namespace)
        ):
            raise LookupFailed("not_found")
        return Location(
            namespace["storage_ns"],
            namespace["prefix_lower"],
            paths.parse("/" + rest if rest else "", allow_root=allow_root),
        )
    return call.location(paths.parse(raw, allow_root=allow_root))


def _full_display(store: Store, loc: Location, path: SandboxPath) -> str:
    """Display form inside the storage namespace, reusing the case of existing ancestors."""
    if not loc.prefix_lower:
        base = ""
    else:
        mount = get_by_key(store, loc.storage_ns, loc.prefix_lower)
        base = mount["path_display"] if mount else loc.prefix_lower
    if path.is_root:
        return base
    parent = path.parent
    if not parent.is_root:
        row = get_by_key(store, loc.storage_ns, loc.prefix_lower + parent.lower)
        if row is not None:
            return row["path_display"] + "/" + path.name
    return base + path.display if parent.is_root else base + parent.display + "/" + path.name


def record_change(store: Store, ns: str, key: str, display: str) -> None:
    store.db.execute(
        "INSERT INTO changes (ns, path_lower, path_display) VALUES (?, ?, ?)", (ns, key, display)
    )


def ensure_parents(store: Store, loc: Location) -> None:
    """Create missing folders above `loc` (Dropbox does); an ancestor that is a file is a conflict."""
    for ancestor in loc.path.ancestors():
        row = get(store, loc.at(ancestor))
        if row is None:
            _insert_folder(store, loc.at(ancestor))
        elif not row["is_folder"]:
            raise WriteFailed("conflict", "file_ancestor")


def _insert_folder(store: Store, loc: Location):
    display = _full_display(store, loc, loc.path)
    store.db.execute(
        "INSERT INTO entries (ns, path_lower, parent_lower, path_display, is_folder, id) "
        "VALUES (?, ?, ?, ?, 1, ?)",
        (loc.storage_ns, loc.key, _parent_key(loc.key), display, store.new_file_id()),
    )
    record_change(store, loc.storage_ns, loc.key, display)
    return get(store, loc)


def _free_location(store: Store, loc: Location) -> Location:
    for candidate in paths.autorename_candidates(loc.path):
        if get(store, loc.at(candidate)) is None:
            return loc.at(candidate)
    raise WriteFailed("conflict", "file")


def check_writable(loc: Location) -> None:
    if loc.path.is_root:
        raise WriteFailed("malformed_path")
    try:
        paths.check_writable_name(loc.path)
    except paths.DisallowedName:
        raise WriteFailed("disallowed_name") from None


def create_folder(store: Store, loc: Location, *, autorename: bool):
    check_writable(loc)
    existing = get(store, loc)
    if existing is not None:
        if not autorename:
            raise WriteFailed("conflict", "folder" if existing["is_folder"] else "file")
        loc = _free_location(store, loc)
    ensure_parents(store, loc)
    return _insert_folder(store, loc)


def write_file(
    store: Store,
    loc: Location,
    *,
    mode: str,
    update_rev: str | None,
    autorename: bool,
    strict_conflict: bool,
    content_hash: str,
    size: int,
    client_modified,
):
    """Commit a file version whose blob is already stored. Returns the entry row.

    1. A folder at the path is always a conflict; with autorename the file gets "name (1)".
    2. `add`: identical content is not a conflict (Dropbox returns the file as it is).
    3. `overwrite` replaces; `update` replaces only when `update_rev` is the current rev.
    """
    check_writable(loc)
    existing = get(store, loc)
    if existing is not None:
        same_content = (
            not existing["is_folder"] and existing["content_hash"] == content_hash and not strict_conflict
        )
        if existing["is_folder"]:
            conflict = "folder"
        elif mode == "overwrite" or (mode == "update" and existing["rev"] == update_rev):
            conflict = None
        elif same_content:
            return existing
        else:
            conflict = "file"
        if conflict:
            if not autorename:
                raise WriteFailed("conflict", conflict)
            loc = _free_location(store, loc)
            existing = None
    ensure_parents(store, loc)
    now = to_text(utcnow())
    fields = (store.new_rev(), size, content_hash, to_text(client_modified or utcnow()), now)
    if existing is not None:
        store.db.execute(
            "UPDATE entries SET rev = ?, size = ?, content_hash = ?, client_modified = ?, "
            "server_modified = ? "
            "WHERE ns = ? AND path_lower = ?",
            (*fields, loc.storage_ns, loc.key),
        )
        display = existing["path_display"]
    else:
        display = _full_display(store, loc, loc.path)
        store.db.execute(
            "INSERT INTO entries (ns, path_lower, parent_lower, path_display, is_folder, id, rev, size, "
            "content_hash, "
            "client_modified, server_modified) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
            (loc.storage_ns, loc.key, _parent_key(loc.key), display, store.new_file_id(), *fields),
        )
    record_change(store, loc.storage_ns, loc.key, display)
    return get(store, loc)


def subtree(store: Store, ns: str, key: str, *, include_self: bool = True):
    """The entry at `key` and everything below it, parents before children."""
    rows = store.db.execute(
        "SELECT * FROM entries WHERE ns = ? AND path_lower >= ? AND path_lower < ? ORDER BY path_lower",
        (ns, key + "/", key + BELOW_END),
    ).fetchall()
    if include_self:
        own = get_by_key(store, ns, key)
        if own is not None:
            rows.insert(0, own)
    return rows


# Everything below "/a" sorts between "/a/" and "/a0": "0" is the code point after "/", and SQLite
# compares UTF-8 text byte-wise, which is code-point order. Both bounds use the primary key index.
BELOW_END = "0"


def page_below(store: Store, ns: str, key: str, *, recursive: bool, after: str, limit: int):
    """Up to `limit` entries below `key` (all levels, or direct children) after `after`, in path order."""
    if recursive:
        return store.db.execute(
            "SELECT * FROM entries WHERE ns = ? AND path_lower >= ? AND path_lower < ? AND path_lower > ? "
            "ORDER BY path_lower LIMIT ?",
            (ns, key + "/", key + BELOW_END, after, limit),
        ).fetchall()
    return store.db.execute(
        "SELECT * FROM entries WHERE ns = ? AND parent_lower = ? AND path_lower > ? "
        "ORDER BY path_lower LIMIT ?",
        (ns, key, after, limit),
    ).fetchall()


def delete(store: Store, loc: Location, *, parent_rev: str | None = None):
    """Remove the entry and everything below it; returns the removed top entry."""
    if loc.path.is_root:
        raise LookupFailed("malformed_path")
    row = get(store, loc)
    if row is None:
        raise LookupFailed("not_found")
    if parent_rev is not None and row["rev"] != parent_rev:
        raise LookupFailed("not_file" if row["is_folder"] else "not_found")
    for entry in reversed(subtree(store, loc.storage_ns, loc.key)):
        store.db.execute(
            "DELETE FROM entries WHERE ns = ? AND path_lower = ?", (entry["ns"], entry["path_lower"])
        )
        record_change(store, entry["ns"], entry["path_lower"], entry["path_display"])
        if entry["shared_ns"]:
            store.db.execute("UPDATE namespaces SET status = 'deleted' WHERE id = ?", (entry["shared_ns"],))
    return row


class RelocationFailed(Exception):
    """tag: from_lookup (LookupFailed), to (WriteFailed), cant_move_folder_into_itself, ..."""

    def __init__(self, tag: str, cause: Exception | None = None):
        super().__init__(tag)
        self.tag = tag
        self.cause = cause


def move(store: Store, source: Location, target: Location, *, autorename: bool):
    """Rename `source` (and its subtree) to `target`; returns the moved top entry at its new path."""
    if source.path.is_root:
        raise RelocationFailed("from_lookup", LookupFailed("malformed_path"))
    row = get(store, source)
    if row is None:
        raise RelocationFailed("from_lookup", LookupFailed("not_found"))
    same_namespace = source.storage_ns == target.storage_ns
    if same_namespace and target.key.startswith(source.key + "/"):
        raise RelocationFailed("cant_move_folder_into_itself")
    try:
        check_writable(target)
        existing = get(store, target)
        case_only_rename = same_namespace and existing is not None and target.key == source.key
        if existing is not None and not case_only_rename:
            if not autorename:
                raise WriteFailed("conflict", "folder" if existing["is_folder"] else "file")
            target = _free_location(store, target)
        if case_only_rename and _full_display(store, target, target.path) == row["path_display"]:
            raise WriteFailed("conflict", "folder" if row["is_folder"] else "file")
        ensure_parents(store, target)
    except WriteFailed as error:
        raise RelocationFailed("to", error) from None
    new_top_display = _full_display(store, target, target.path)
    old_key, old_display = source.key, row["path_display"]
    for entry in subtree(store, source.storage_ns, source.key):
        new_key = target.key + entry["path_lower"][len(old_key) :]
        new_display = new_top_display + entry["path_display"][len(old_display) :]
        record_change(store, entry["ns"], entry["path_lower"], entry["path_display"])
        store.db.execute(
            "UPDATE entries SET ns = ?, path_lower = ?, parent_lower = ?, path_display = ? "
            "WHERE ns = ? AND path_lower = ?",
            (target.storage_ns, new_key, _parent_key(new_key), new_display, entry["ns"], entry["path_lower"]),
        )
        record_change(store, target.storage_ns, new_key, new_display)
        if entry["shared_ns"]:
            store.db.execute(
                "UPDATE namespaces SET storage_ns = ?, prefix_lower = ? WHERE id = ?",
                (target.storage_ns, new_key, entry["shared_ns"]),
            )
    return get(store, target)
