"""files/upload and upload sessions (sequential and concurrent, single and batched).

A session keeps each received piece as its own file (sessions/<id>/<offset>); finishing
concatenates the pieces into a content-addressed blob. Pieces are moved into place, never
copied, so appends cost no more than receiving the body.
"""

import os
import shutil

from dropbox import files

from . import routes_files, tree
from .hashing import BLOCK_SIZE, CHUNK_SIZE
from .routing import handles
from .store import random_id, to_text, utcnow
from .wire import RouteError

MAX_SESSION_BYTES = 350 * 1024**3


def payload_too_large(route):
    return route.error_type.definition.payload_too_large


def _session_error(cls, tag: str, correct_offset: int | None = None):
    if tag == "incorrect_offset":
        return cls.incorrect_offset(files.UploadSessionOffsetError(correct_offset=correct_offset))
    return getattr(cls, tag)


class SessionProblem(Exception):
    def __init__(self, tag: str, correct_offset: int | None = None):
        super().__init__(tag)
        self.tag = tag
        self.correct_offset = correct_offset

    def as_error(self, cls):
        return _session_error(cls, self.tag, self.correct_offset)


def _check_hash(call, expected, error_cls):
    if expected is not None and expected != call.body_hash:
        raise RouteError(error_cls.content_hash_mismatch)


def _piece_path(call, session_id: str, offset: int):
    return call.store.session_path(session_id) / f"{offset:020d}"


def _new_session(call, *, concurrent: bool, closed: bool) -> str:
    session_id = "pid_upload_session:" + random_id(40)
    call.store.db.execute(
        "INSERT INTO upload_sessions (id, team_id, concurrent, offset_, closed, created) "
        "VALUES (?, ?, ?, 0, ?, ?)",
        (session_id, call.team["id"], int(concurrent), int(closed), to_text(utcnow())),
    )
    call.store.session_path(session_id).mkdir(parents=True, exist_ok=True)
    return session_id


def _store_piece(call, session_id: str, offset: int, source, length: int) -> None:
    """Keep `length` bytes (the whole body file, or a slice of it) as the piece at `offset`."""
    if length == 0:
        return
    target = _piece_path(call, session_id, offset)
    if isinstance(source, tuple):  # (body path, start): a slice of an append_batch body
        body_path, start = source
        with open(body_path, "rb") as body, open(target, "wb") as piece:
            body.seek(start)
            remaining = length
            while remaining:
                chunk = body.read(min(CHUNK_SIZE, remaining))
                piece.write(chunk)
                remaining -= len(chunk)
    else:
        os.replace(source, target)
    call.store.db.execute(
        "INSERT OR REPLACE INTO session_parts (session_id, offset_, length) VALUES (?, ?, ?)",
        (session_id, offset, length),
    )


def _append(call, cursor, *, length: int, close: bool, source) -> None:
    """Validate and store one append; raises SessionProblem with a lookup-error tag."""
    db = call.store.db
    session = db.execute(
        "SELECT * FROM upload_sessions WHERE id = ? AND team_id = ?", (cursor.session_id, call.team["id"])
    ).fetchone()
    if session is None or session["finished"]:
        raise SessionProblem("not_found")
    if cursor.offset + length > MAX_SESSION_BYTES:
        raise SessionProblem("too_large")
    if session["concurrent"]:
        # Pieces arrive in any order; `close` comes with the last piece and fixes the end, after
        # which only the holes before it may still be filled.
        if cursor.offset % BLOCK_SIZE:
            raise SessionProblem("concurrent_session_invalid_offset")
        if length % BLOCK_SIZE and not close:
            raise SessionProblem("concurrent_session_invalid_data_size")
        if session["closed"] and (close or cursor.offset + length > session["offset_"]):
            raise SessionProblem("closed")
        new_offset = max(session["offset_"], cursor.offset + length)
        close = close or bool(session["closed"])
    elif session["closed"]:
        raise SessionProblem("closed")
    else:
        if cursor.offset != session["offset_"]:
            raise SessionProblem("incorrect_offset", session["offset_"])
        new_offset = cursor.offset + length
    _store_piece(call, session["id"], cursor.offset, source, length)
    db.execute(
        "UPDATE upload_sessions SET offset_ = ?, closed = ? WHERE id = ?",
        (new_offset, int(close), session["id"]),
    )


@handles(files.upload_session_start)
def upload_session_start(call):
    arg = call.arg
    _check_hash(call, arg.content_hash, files.UploadSessionStartError)
    concurrent = arg.session_type is not None and arg.session_type.is_concurrent()
    if concurrent and call.body_size:
        raise RouteError(files.UploadSessionStartError.concurrent_session_data_not_allowed)
    if concurrent and arg.close:
        raise RouteError(files.UploadSessionStartError.concurrent_session_close_not_allowed)
    session_id = _new_session(call, concurrent=concurrent, closed=arg.close)
    if call.body_size:
        _store_piece(call, session_id, 0, call.body_path, call.body_size)
        call.store.db.execute(
            "UPDATE upload_sessions SET offset_ = ? WHERE id = ?", (call.body_size, session_id)
        )
    return files.UploadSessionStartResult(session_id=session_id)


@handles(files.upload_session_start_batch)
def upload_session_start_batch(call):
    concurrent = call.arg.session_type is not None and call.arg.session_type.is_concurrent()
    ids = [_new_session(call, concurrent=concurrent, closed=False) for _ in range(call.arg.num_sessions)]
    return files.UploadSessionStartBatchResult(session_ids=ids)


@handles(files.upload_session_append_v2)
def upload_session_append_v2(call):
    _check_hash(call, call.arg.content_hash, files.UploadSessionAppendError)
    try:
        _append(call, call.arg.cursor, length=call.body_size, close=call.arg.close, source=call.body_path)
    except SessionProblem as problem:
        raise RouteError(problem.as_error(files.UploadSessionAppendError)) from None


@handles(files.upload_session_append_batch)
def upload_session_append_batch(call):
    _check_hash(call, call.arg.content_hash, files.UploadSessionAppendBatchError)
    if sum(entry.length for entry in call.arg.entries) != call.body_size:
        raise RouteError(files.UploadSessionAppendBatchError.length_mismatch)
    results, start = [], 0
    for entry in call.arg.entries:
        try:
            _append(
                call, entry.cursor, length=entry.length, close=entry.close, source=(call.body_path, start)
            )
            results.append(files.UploadSessionAppendBatchResultEntry.success)
        except SessionProblem as problem:
            error = problem.as_error(files.UploadSessionAppendBatchEntryError)
            results.append(files.UploadSessionAppendBatchResultEntry.failure(error))
        start += entry.length
    return files.UploadSessionAppendBatchResult(entries=results)


def _assemble(call, session) -> tuple[str, int]:
    """Concatenate a session's pieces into a blob; (content hash, size). SessionProblem if incomplete."""
    parts = call.store.db.execute(
        "SELECT offset_, length FROM session_parts WHERE session_id = ? ORDER BY offset_", (session["id"],)
    ).fetchall()
    expected = 0
    for part in parts:
        if part["offset_"] != expected:
            raise SessionProblem("concurrent_session_missing_data")
        expected += part["length"]
    if expected != session["offset_"]:
        raise SessionProblem("concurrent_session_missing_data")
    tmp_path = call.store.new_tmp_path()
    content_hash = _concatenate(call, session["id"], parts, tmp_path)
    call.store.adopt_blob(tmp_path, content_hash)
    return content_hash, expected


def _concatenate(call, session_id, parts, tmp_path) -> str:
    from dropbox.content_hash import DropboxContentHasher

    hasher = DropboxContentHasher()
    with open(tmp_path, "wb") as out:
        for part in parts:
            with open(_piece_path(call, session_id, part["offset_"]), "rb") as piece:
                while chunk := piece.read(CHUNK_SIZE):
                    hasher.update(chunk)
                    out.write(chunk)
    return hasher.hexdigest()


def _commit(call, commit_info, content_hash: str, size: int):
    """Write the file described by CommitInfo; raises tree.WriteFailed."""
    loc = routes_files.locate_for_write(call, commit_info.path)
    mode = commit_info.mode
    row = tree.write_file(
        call.store,
        loc,
        mode="overwrite" if mode.is_overwrite() else "update" if mode.is_update() else "add",
        update_rev=mode.get_update() if mode.is_update() else None,
        autorename=commit_info.autorename,
        strict_conflict=commit_info.strict_conflict,
        content_hash=content_hash,
        size=size,
        client_modified=commit_info.client_modified,
    )
    return routes_files.meta(call, row, loc)


def _finish_one(call, finish_arg, *, body: bool, require_closed: bool):
    """Finish a session and commit it; returns FileMetadata or raises RouteError-ready errors."""
    db = call.store.db
    cursor = finish_arg.cursor
    session = db.execute(
        "SELECT * FROM upload_sessions WHERE id = ? AND team_id = ?", (cursor.session_id, call.team["id"])
    ).fetchone()
    if session is None or session["finished"]:
        raise SessionProblem("not_found")
    if session["concurrent"]:
        if body and call.body_size:
            raise SessionProblem("concurrent_session_data_not_allowed")
        if not session["closed"]:
            raise SessionProblem("concurrent_session_not_closed")
    else:
        if cursor.offset != session["offset_"]:
            raise SessionProblem("incorrect_offset", session["offset_"])
        if body and call.body_size:
            _append(call, cursor, length=call.body_size, close=True, source=call.body_path)
            session = db.execute("SELECT * FROM upload_sessions WHERE id = ?", (session["id"],)).fetchone()
        elif require_closed and not session["closed"]:
            raise SessionProblem("not_closed")
    content_hash, size = _assemble(call, session)
    metadata = _commit(call, finish_arg.commit, content_hash, size)
    db.execute("UPDATE upload_sessions SET finished = 1 WHERE id = ?", (session["id"],))
    db.execute("DELETE FROM session_parts WHERE session_id = ?", (session["id"],))
    shutil.rmtree(call.store.session_path(session["id"]), ignore_errors=True)
    return metadata


def _finish_error(problem) -> files.UploadSessionFinishError:
    if isinstance(problem, tree.WriteFailed):
        return files.UploadSessionFinishError.path(routes_files.write_error(problem))
    if (
        problem.tag.startswith("concurrent_session_")
        and problem.tag in files.UploadSessionFinishError._tagmap
    ):
        return getattr(files.UploadSessionFinishError, problem.tag)
    return files.UploadSessionFinishError.lookup_failed(problem.as_error(files.UploadSessionLookupError))


@handles(files.upload_session_finish)
def upload_session_finish(call):
    _check_hash(call, call.arg.content_hash, files.UploadSessionFinishError)
    try:
        return _finish_one(call, call.arg, body=True, require_closed=False)
    except (SessionProblem, tree.WriteFailed) as problem:
        # The appended data stays in the session (as on Dropbox): commit, then answer 409.
        raise RouteError(_finish_error(problem), commit=True) from None


@handles(files.upload_session_finish_batch_v2)
def upload_session_finish_batch_v2(call):
    entries = []
    for finish_arg in call.arg.entries:
        try:
            metadata = _finish_one(call, finish_arg, body=False, require_closed=True)
            entries.append(files.UploadSessionFinishBatchResultEntry.success(metadata))
        except (SessionProblem, tree.WriteFailed) as problem:
            entries.append(files.UploadSessionFinishBatchResultEntry.failure(_finish_error(problem)))
    return files.UploadSessionFinishBatchResult(entries=entries)


@handles(files.upload)
def upload(call):
    _check_hash(call, call.arg.content_hash, files.UploadError)
    content_hash, size = call.body_hash, call.body_size
    call.store.adopt_blob(call.body_path, content_hash)
    try:
        return _commit(call, call.arg, content_hash, size)
    except tree.WriteFailed as problem:
        # Dropbox keeps the data in a session so the client can retry the commit only.
        session_id = _new_session(call, concurrent=False, closed=True)
        _store_blob_as_piece(call, session_id, content_hash, size)
        failed = files.UploadWriteFailed(
            reason=routes_files.write_error(problem), upload_session_id=session_id
        )
        raise RouteError(files.UploadError.path(failed), commit=True) from None


def _store_blob_as_piece(call, session_id: str, content_hash: str, size: int) -> None:
    if size:
        target = _piece_path(call, session_id, 0)
        os.link(call.store.blob_path(content_hash), target)
        call.store.db.execute(
            "INSERT INTO session_parts (session_id, offset_, length) VALUES (?, 0, ?)", (session_id, size)
        )
        call.store.db.execute("UPDATE upload_sessions SET offset_ = ? WHERE id = ?", (size, session_id))
