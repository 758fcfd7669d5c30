"""files/upload and upload sessions (sequential and concurrent, single and batched).

Each request body that carries session data is kept as one "chunk" file under sessions/
(moved there, never copied); a session's pieces are (chunk, offset in chunk, length) rows, so an
append_batch of 500 small files stores one file, not 500. Finishing a session hashes its pieces
into a content-addressed blob: a session made of one whole chunk is renamed into the blob
store, anything else is concatenated once. Chunks no piece refers to any more are deleted.
"""

import os
import uuid

from dropbox import files
from dropbox.content_hash import DropboxContentHasher

from . import routes_files, tree
from .hashing import BLOCK_SIZE, CHUNK_SIZE, content_hash_of_file
from .routing import handles
from .store import random_id, to_text, utcnow
from .wire import RouteError

MAX_SESSION_BYTES = 350 * 1024**3


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


def _chunk_path(call, chunk: str):
    return call.store.session_dir / chunk


def _body_chunk(call) -> str:
    """The request body as a chunk file (moved into sessions/ on first use)."""
    if call.body_chunk is None:
        call.body_chunk = uuid.uuid4().hex
        os.replace(call.body_path, _chunk_path(call, call.body_chunk))
    return call.body_chunk


def _drop_unused_chunks(call, chunks) -> None:
    for chunk in set(chunks):
        if (
            call.store.db.execute("SELECT 1 FROM session_parts WHERE chunk = ? LIMIT 1", (chunk,)).fetchone()
            is None
        ):
            _chunk_path(call, chunk).unlink(missing_ok=True)


def _new_session(call, *, concurrent: bool, closed: bool) -> str:
    session_id = "pid_upload_session:" + random_id(40)
    call.store.db.execute(
        "INSERT INTO upload_sessions (id, team_id, concurrent, offset_, closed, created) "
        "VALUES (?, ?, ?, 0, ?, ?)",
        (session_id, call.team["id"], int(concurrent), int(closed), to_text(utcnow())),
    )
    return session_id


def _store_piece(call, session_id: str, offset: int, start_in_body: int, length: int) -> None:
    """Record `length` bytes of this request's body, from `start_in_body`, as the piece at `offset`."""
    if length == 0:
        return
    replaced = call.store.db.execute(
        "SELECT chunk FROM session_parts WHERE session_id = ? AND offset_ = ?", (session_id, offset)
    ).fetchone()
    call.store.db.execute(
        "INSERT OR REPLACE INTO session_parts (session_id, offset_, length, chunk, chunk_offset) "
        "VALUES (?, ?, ?, ?, ?)",
        (session_id, offset, length, _body_chunk(call), start_in_body),
    )
    if replaced is not None:
        _drop_unused_chunks(call, [replaced[0]])


def _append(call, cursor, *, length: int, close: bool, start_in_body: int = 0) -> None:
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
    _store_piece(call, session["id"], cursor.offset, start_in_body, length)
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
        _store_piece(call, session_id, 0, 0, call.body_size)
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
        _append(call, call.arg.cursor, length=call.body_size, close=call.arg.close)
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
            _append(call, entry.cursor, length=entry.length, close=entry.close, start_in_body=start)
            results.append(files.UploadSessionAppendBatchResultEntry.success)
        except SessionProblem as problem:
            error = problem.as_error(files.UploadSessionAppendBatchEntryError)
            results.append(files.UploadSessionAppendBatchResultEntry.failure(error))
        start += entry.length
    return files.UploadSessionAppendBatchResult(entries=results)


def _complete_parts(call, session) -> list[dict]:
    """The session's pieces, which must cover 0..offset without holes (concurrent ones may not)."""
    parts = call.store.db.execute(
        "SELECT offset_, length, chunk, chunk_offset FROM session_parts "
        "WHERE session_id = ? ORDER BY offset_",
        (session["id"],),
    ).fetchall()
    expected = 0
    for part in parts:
        if part["offset_"] != expected:
            raise SessionProblem("concurrent_session_missing_data")
        expected += part["length"]
    if expected != session["offset_"]:
        raise SessionProblem("concurrent_session_missing_data")
    return [dict(part) for part in parts]


def _hash_into_blob(call, parts: list[dict]) -> tuple[str, int]:
    """Hash the pieces into a content-addressed blob; (content hash, size). Runs without the lock.

    One piece that is a whole chunk file is hashed in place and hard-linked into the blob store
    (the session keeps its chunk until the commit succeeds); anything else is concatenated once.
    Chunk files never change once written, so reading them unlocked is safe; one deleted under
    us (the session finished twice at once) surfaces as OSError.
    """
    size = sum(part["length"] for part in parts)
    if len(parts) == 1 and parts[0]["chunk_offset"] == 0:
        chunk_path = _chunk_path(call, parts[0]["chunk"])
        if chunk_path.stat().st_size == parts[0]["length"]:
            content_hash = content_hash_of_file(chunk_path)
            target = call.store.blob_path(content_hash)
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                try:
                    os.link(chunk_path, target)
                except FileExistsError:  # the same content finished at the same moment
                    pass
            return content_hash, size
    tmp_path = call.store.new_tmp_path()
    content_hash = _concatenate(call, parts, tmp_path)
    call.store.adopt_blob(tmp_path, content_hash)
    return content_hash, size


def _concatenate(call, parts, tmp_path) -> str:
    hasher = DropboxContentHasher()
    with open(tmp_path, "wb") as out:
        for part in parts:
            with open(_chunk_path(call, part["chunk"]), "rb") as chunk_file:
                chunk_file.seek(part["chunk_offset"])
                remaining = part["length"]
                while remaining:
                    data = chunk_file.read(min(CHUNK_SIZE, remaining))
                    if not data:
                        raise OSError(f"chunk {part['chunk']} is shorter than its pieces")
                    hasher.update(data)
                    out.write(data)
                    remaining -= len(data)
    return hasher.hexdigest()


def _commit(call, commit_info, content_hash: str, size: int):
    """Write the file described by CommitInfo; raises tree.WriteFailed."""
    loc = routes_files.locate_for_write(call, commit_info.path)
    if call.server.faults.damages(commit_info.path, size):
        content_hash = _damaged_copy(call, content_hash)
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


def _damaged_copy(call, content_hash: str) -> str:
    """The `corrupt` fault: store a copy of the blob with its first byte flipped; its content hash."""
    tmp_path = call.store.new_tmp_path()
    hasher = DropboxContentHasher()
    with open(call.store.blob_path(content_hash), "rb") as source, open(tmp_path, "wb") as out:
        data = source.read(CHUNK_SIZE)
        data = bytes([data[0] ^ 0xFF]) + data[1:]
        while data:
            hasher.update(data)
            out.write(data)
            data = source.read(CHUNK_SIZE)
    damaged = hasher.hexdigest()
    call.store.adopt_blob(tmp_path, damaged)
    return damaged


def _prepare_finish(call, finish_arg, *, body: bool, require_closed: bool):
    """Check a session can finish (appending this call's body); return its pieces. In a transaction."""
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
            _append(call, cursor, length=call.body_size, close=True)
            session = db.execute("SELECT * FROM upload_sessions WHERE id = ?", (session["id"],)).fetchone()
        elif require_closed and not session["closed"]:
            raise SessionProblem("not_closed")
    return _complete_parts(call, session)


def _finish_sessions(call, finish_args, *, body: bool, require_closed: bool) -> list:
    """Finish sessions and commit their files; FileMetadata or the problem, per entry.

    1. In one transaction: check every session and append this call's body (kept even when the
       commit fails later, as on Dropbox).
    2. Without the lock: hash and assemble each file, so a large finish never stalls other clients.
    3. In one transaction: commit each file, unless its session was finished meanwhile.
    """
    store = call.store
    outcomes: list = [None] * len(finish_args)
    pieces = {}
    with store.transaction():
        for index, finish_arg in enumerate(finish_args):
            try:
                pieces[index] = _prepare_finish(call, finish_arg, body=body, require_closed=require_closed)
            except SessionProblem as problem:
                outcomes[index] = problem
    blobs = {}
    for index, parts in pieces.items():
        try:
            blobs[index] = _hash_into_blob(call, parts)
        except OSError:
            outcomes[index] = SessionProblem("not_found")
    with store.transaction():
        for index, (content_hash, size) in blobs.items():
            session_id = finish_args[index].cursor.session_id
            session = store.db.execute(
                "SELECT finished FROM upload_sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if session is None or session["finished"]:
                outcomes[index] = SessionProblem("not_found")
                continue
            try:
                outcomes[index] = _commit(call, finish_args[index].commit, content_hash, size)
            except tree.WriteFailed as problem:
                outcomes[index] = problem
                continue
            _close_session(call, session_id)
    return outcomes


def _close_session(call, session_id: str) -> None:
    db = call.store.db
    db.execute("UPDATE upload_sessions SET finished = 1 WHERE id = ?", (session_id,))
    chunks = [
        row[0] for row in db.execute("SELECT chunk FROM session_parts WHERE session_id = ?", (session_id,))
    ]
    db.execute("DELETE FROM session_parts WHERE session_id = ?", (session_id,))
    _drop_unused_chunks(call, chunks)


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
    (outcome,) = _finish_sessions(call, [call.arg], body=True, require_closed=False)
    if isinstance(outcome, (SessionProblem, tree.WriteFailed)):
        raise RouteError(_finish_error(outcome))
    return outcome


@handles(files.upload_session_finish_batch_v2)
def upload_session_finish_batch_v2(call):
    entries = []
    for outcome in _finish_sessions(call, call.arg.entries, body=False, require_closed=True):
        if isinstance(outcome, (SessionProblem, tree.WriteFailed)):
            entries.append(files.UploadSessionFinishBatchResultEntry.failure(_finish_error(outcome)))
        else:
            entries.append(files.UploadSessionFinishBatchResultEntry.success(outcome))
    return files.UploadSessionFinishBatchResult(entries=entries)


# These two take the store's lock themselves, in phases (see _finish_sessions).
upload_session_finish.manages_transactions = True
upload_session_finish_batch_v2.manages_transactions = True


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
        chunk = uuid.uuid4().hex
        os.link(call.store.blob_path(content_hash), _chunk_path(call, chunk))
        call.store.db.execute(
            "INSERT INTO session_parts (session_id, offset_, length, chunk, chunk_offset) "
            "VALUES (?, 0, ?, ?, 0)",
            (session_id, size, chunk),
        )
        call.store.db.execute("UPDATE upload_sessions SET offset_ = ? WHERE id = ?", (size, session_id))
