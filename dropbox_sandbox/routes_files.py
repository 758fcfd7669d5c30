"""files/*: folders, metadata, listing, moves, deletes and downloads."""

import base64
import json

from dropbox import async_, files

from . import accounts, jobs, paths, tree, visibility
from .routing import handles
from .shapes import deleted_metadata, metadata
from .wire import RouteError, bad_request

DEFAULT_PAGE = 2000
CHANGES_PER_CALL = 10_000


# --- error mapping --------------------------------------------------------------------------
def lookup_error(tag: str) -> files.LookupError:
    if tag == "malformed_path":
        return files.LookupError.malformed_path(None)
    return getattr(files.LookupError, tag)


def write_error(error: tree.WriteFailed) -> files.WriteError:
    if error.tag == "conflict":
        return files.WriteError.conflict(getattr(files.WriteConflictError, error.conflict))
    if error.tag == "malformed_path":
        return files.WriteError.malformed_path(None)
    return getattr(files.WriteError, error.tag)


def locate_for_read(call, raw: str, *, allow_root: bool = False):
    """Resolve a path for a lookup; raises tree.LookupFailed (malformed paths included)."""
    try:
        loc = tree.resolve(call, raw, allow_root=allow_root)
    except paths.MalformedPath:
        raise tree.LookupFailed("malformed_path") from None
    visibility.check_read(call, loc)
    return loc


def existing_entry(call, raw: str):
    """(location, row) of a file or folder that must exist; raises tree.LookupFailed otherwise."""
    loc = locate_for_read(call, raw)
    row = tree.get(call.store, loc)
    if row is None:
        raise tree.LookupFailed("not_found")
    return loc, row


def locate_for_write(call, raw: str):
    """Resolve a path that will be written; raises tree.WriteFailed."""
    try:
        loc = tree.resolve(call, raw, allow_root=False)
    except paths.MalformedPath:
        raise tree.WriteFailed("malformed_path") from None
    except tree.LookupFailed:
        raise tree.WriteFailed("malformed_path") from None
    visibility.check_write(call, loc)
    return loc


def meta(call, row, loc=None):
    prefix = loc.prefix_lower if loc is not None else call.namespace["prefix_lower"]
    return metadata(row, prefix)


# --- folders --------------------------------------------------------------------------------
@handles(files.create_folder_v2)
def create_folder_v2(call):
    try:
        loc = locate_for_write(call, call.arg.path)
        row = tree.create_folder(call.store, loc, autorename=call.arg.autorename)
    except tree.WriteFailed as error:
        raise RouteError(files.CreateFolderError.path(write_error(error))) from None
    return files.CreateFolderResult(metadata=meta(call, row, loc))


@handles(files.create_folder_batch)
def create_folder_batch(call):
    entries = []
    for raw in call.arg.paths:
        try:
            loc = locate_for_write(call, raw)
            row = tree.create_folder(call.store, loc, autorename=call.arg.autorename)
            entries.append(
                files.CreateFolderBatchResultEntry.success(
                    files.CreateFolderEntryResult(metadata=meta(call, row, loc))
                )
            )
        except tree.WriteFailed as error:
            entries.append(
                files.CreateFolderBatchResultEntry.failure(
                    files.CreateFolderEntryError.path(write_error(error))
                )
            )
    result = files.CreateFolderBatchJobStatus.complete(files.CreateFolderBatchResult(entries=entries))
    job_id = jobs.save(
        call.store,
        kind="create_folder_batch",
        validator=files.create_folder_batch_check.result_type,
        result=result,
    )
    return files.CreateFolderBatchLaunch.async_job_id(job_id)


def _check(call, kind: str):
    result = jobs.load(call.store, job_id=call.arg.async_job_id, kind=kind, validator=call.route.result_type)
    if result is None:
        raise RouteError(async_.PollError.invalid_async_job_id)
    return result


@handles(files.create_folder_batch_check)
def create_folder_batch_check(call):
    return _check(call, "create_folder_batch")


# --- metadata and listing ---------------------------------------------------------------------
@handles(files.get_metadata)
def get_metadata(call):
    try:
        loc, row = existing_entry(call, call.arg.path)
    except tree.LookupFailed as error:
        raise RouteError(files.GetMetadataError.path(lookup_error(error.tag))) from None
    return meta(call, row, loc)


def _encode_cursor(state: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def _decode_cursor(cursor: str) -> dict:
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(state, dict) or "ns" not in state:
            raise ValueError
        return state
    except ValueError:
        raise bad_request(
            'Error in call to API function "files/list_folder/continue": Invalid "cursor" parameter.'
        ) from None


def _latest_seq(call) -> int:
    return call.store.db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]


def _folder_location(call, raw: str):
    loc = locate_for_read(call, raw, allow_root=True)
    if not loc.path.is_root or loc.prefix_lower:
        row = tree.get(call.store, loc)
        if row is None:
            raise tree.LookupFailed("not_found")
        if not row["is_folder"]:
            raise tree.LookupFailed("not_folder")
    return loc


def _listing_page(call, state: dict) -> files.ListFolderResult:
    """One page of a folder listing; when the listing is done the cursor follows changes."""
    store, limit = call.store, state["limit"]
    key, ns, prefix = state["key"], state["ns"], state["prefix"]
    if state["mode"] == "listing":
        rows = []
        if state["recursive"] and state["after"] is None and key and key != prefix:
            rows.append(tree.get_by_key(store, ns, key))  # a recursive listing starts with the folder
        after = state["after"] or ""
        while len(rows) <= limit:
            batch = tree.page_below(
                store, ns, key, recursive=state["recursive"], after=after, limit=limit + 1
            )
            if not batch:
                break
            after = batch[-1]["path_lower"]
            rows += visibility.visible(call, ns, batch)
        page = rows[:limit]
        has_more = len(rows) > limit
        entries = [metadata(row, prefix) for row in page]
        if has_more:
            state["after"] = page[-1]["path_lower"]
        else:
            state.update(mode="changes", after=None)
        return files.ListFolderResult(entries=entries, cursor=_encode_cursor(state), has_more=has_more)
    # A bounded slice of the change log per call: a page may come back short (even empty) with
    # has_more set, which Dropbox allows too.
    changes = store.db.execute(
        "SELECT seq, path_lower, path_display FROM changes WHERE ns = ? AND seq > ? ORDER BY seq LIMIT ?",
        (ns, state["seq"], CHANGES_PER_CALL),
    ).fetchall()
    latest = {}
    for change in changes:
        lower = change["path_lower"]
        in_scope = (
            (lower.startswith(key + "/") or lower == key and key != prefix)
            if state["recursive"]
            else lower.rsplit("/", 1)[0] == key
        )
        if in_scope and visibility.visible_key(call, ns, lower):
            latest.pop(lower, None)
            latest[lower] = change
    items = list(latest.values())
    page, has_more = items[:limit], len(items) > limit or len(changes) == CHANGES_PER_CALL
    entries = []
    for change in page:
        row = tree.get_by_key(store, ns, change["path_lower"])
        entries.append(
            metadata(row, prefix) if row is not None else deleted_metadata(change["path_display"], prefix)
        )
    if len(items) > limit:
        state["seq"] = page[-1]["seq"]
    elif changes:
        state["seq"] = changes[-1]["seq"]
    return files.ListFolderResult(entries=entries, cursor=_encode_cursor(state), has_more=has_more)


def _initial_state(call, loc, *, recursive: bool, limit, mode: str) -> dict:
    return {
        "ns": loc.storage_ns,
        "prefix": loc.prefix_lower,
        "key": loc.key,
        "recursive": recursive,
        "limit": limit or DEFAULT_PAGE,
        "after": None,
        "seq": _latest_seq(call),
        "mode": mode,
    }


@handles(files.list_folder)
def list_folder(call):
    try:
        loc = _folder_location(call, call.arg.path)
    except tree.LookupFailed as error:
        raise RouteError(files.ListFolderError.path(lookup_error(error.tag))) from None
    state = _initial_state(call, loc, recursive=call.arg.recursive, limit=call.arg.limit, mode="listing")
    return _listing_page(call, state)


@handles(files.list_folder_continue)
def list_folder_continue(call):
    state = _decode_cursor(call.arg.cursor)
    namespace = accounts.namespace_row(call.store, state["ns"])
    if namespace is None or namespace["team_id"] != call.team["id"]:
        raise RouteError(files.ListFolderContinueError.reset)  # not this team's cursor
    if state["key"] and tree.get_by_key(call.store, state["ns"], state["key"]) is None:
        raise RouteError(files.ListFolderContinueError.path(files.LookupError.not_found))
    return _listing_page(call, state)


@handles(files.list_folder_get_latest_cursor)
def list_folder_get_latest_cursor(call):
    try:
        loc = _folder_location(call, call.arg.path)
    except tree.LookupFailed as error:
        raise RouteError(files.ListFolderError.path(lookup_error(error.tag))) from None
    state = _initial_state(call, loc, recursive=call.arg.recursive, limit=call.arg.limit, mode="changes")
    return files.ListFolderGetLatestCursorResult(cursor=_encode_cursor(state))


# --- moves and deletes -------------------------------------------------------------------------
def _relocation_error(error: tree.RelocationFailed) -> files.RelocationError:
    if error.tag == "from_lookup":
        return files.RelocationError.from_lookup(lookup_error(error.cause.tag))
    if error.tag in ("to", "from_write"):
        return getattr(files.RelocationError, error.tag)(write_error(error.cause))
    return getattr(files.RelocationError, error.tag)


def _move_one(call, from_path: str, to_path: str, autorename: bool):
    try:
        source = locate_for_read(call, from_path)
    except tree.LookupFailed as error:
        raise tree.RelocationFailed("from_lookup", error) from None
    try:
        visibility.check_write(call, source)  # moving out of a folder removes from it
    except tree.WriteFailed as error:
        raise tree.RelocationFailed("from_write", error) from None
    try:
        target = locate_for_write(call, to_path)
    except tree.WriteFailed as error:
        raise tree.RelocationFailed("to", error) from None
    row = tree.move(call.store, source, target, autorename=autorename)
    return meta(call, row, target)


@handles(files.move_v2)
def move_v2(call):
    try:
        moved = _move_one(call, call.arg.from_path, call.arg.to_path, call.arg.autorename)
    except tree.RelocationFailed as error:
        raise RouteError(_relocation_error(error)) from None
    return files.RelocationResult(metadata=moved)


@handles(files.move_batch_v2)
def move_batch_v2(call):
    entries = []
    for entry in call.arg.entries:
        try:
            moved = _move_one(call, entry.from_path, entry.to_path, call.arg.autorename)
            entries.append(files.RelocationBatchResultEntry.success(moved))
        except tree.RelocationFailed as error:
            failure = files.RelocationBatchErrorEntry.relocation_error(_relocation_error(error))
            entries.append(files.RelocationBatchResultEntry.failure(failure))
    result = files.RelocationBatchV2JobStatus.complete(files.RelocationBatchV2Result(entries=entries))
    job_id = jobs.save(
        call.store, kind="move_batch", validator=files.move_batch_check_v2.result_type, result=result
    )
    return files.RelocationBatchV2Launch.async_job_id(job_id)


@handles(files.move_batch_check_v2)
def move_batch_check_v2(call):
    return _check(call, "move_batch")


def _delete_one(call, raw: str, parent_rev):
    loc = locate_for_read(call, raw)
    visibility.check_write(call, loc)
    row = tree.delete(call.store, loc, parent_rev=parent_rev)
    return meta(call, row, loc)


def _delete_error(error) -> files.DeleteError:
    if isinstance(error, tree.WriteFailed):
        return files.DeleteError.path_write(write_error(error))
    return files.DeleteError.path_lookup(lookup_error(error.tag))


@handles(files.delete_v2)
def delete_v2(call):
    try:
        deleted = _delete_one(call, call.arg.path, call.arg.parent_rev)
    except (tree.LookupFailed, tree.WriteFailed) as error:
        raise RouteError(_delete_error(error)) from None
    return files.DeleteResult(metadata=deleted)


@handles(files.delete_batch)
def delete_batch(call):
    entries = []
    for entry in call.arg.entries:
        try:
            deleted = _delete_one(call, entry.path, entry.parent_rev)
            entries.append(
                files.DeleteBatchResultEntry.success(files.DeleteBatchResultData(metadata=deleted))
            )
        except (tree.LookupFailed, tree.WriteFailed) as error:
            entries.append(files.DeleteBatchResultEntry.failure(_delete_error(error)))
    result = files.DeleteBatchJobStatus.complete(files.DeleteBatchResult(entries=entries))
    job_id = jobs.save(
        call.store, kind="delete_batch", validator=files.delete_batch_check.result_type, result=result
    )
    return files.DeleteBatchLaunch.async_job_id(job_id)


@handles(files.delete_batch_check)
def delete_batch_check(call):
    return _check(call, "delete_batch")


# --- downloads -----------------------------------------------------------------------------------
@handles(files.download)
def download(call):
    """Returns (metadata, blob path); the server streams the blob after the lock is released."""
    try:
        loc, row = existing_entry(call, call.arg.path)
        if row["is_folder"]:
            raise tree.LookupFailed("not_file")
        if call.arg.rev and call.arg.rev != row["rev"]:
            raise tree.LookupFailed("not_found")
    except tree.LookupFailed as error:
        raise RouteError(files.DownloadError.path(lookup_error(error.tag))) from None
    return meta(call, row, loc), call.store.blob_path(row["content_hash"])
