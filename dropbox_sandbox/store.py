"""The sandbox's state on disk: a SQLite index (WAL) plus content-addressed blobs.

Layout under the data directory:
    index.sqlite3      teams, members, namespaces, tokens, the file tree, sessions, jobs
    blobs/ab/<hash>    file contents, named by their Dropbox content hash
    sessions/<id>      upload-session data being assembled
    tmp/               request bodies while they stream in
    ca.pem, ca-key.pem the certificate authority clients trust

All index changes happen inside `Store.transaction()`, which holds one process-wide lock:
the sandbox's handlers are short and SQLite has one writer anyway, so a lock keeps every
multi-statement change atomic without per-thread connections. Bodies stream to disk before
the lock is taken, so a slow upload never blocks other clients.
"""

import contextlib
import datetime as dt
import os
import secrets
import sqlite3
import threading
import uuid
from pathlib import Path

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS teams (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, num_licensed_users INTEGER NOT NULL,
    root_ns TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL, account_id TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL, given_name TEXT NOT NULL, surname TEXT NOT NULL,
    external_id TEXT, role TEXT NOT NULL, status TEXT NOT NULL, home_ns TEXT NOT NULL,
    joined_on TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS members_team ON members (team_id, seq);
CREATE TABLE IF NOT EXISTS namespaces (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    storage_ns TEXT NOT NULL, prefix_lower TEXT NOT NULL, owner_member TEXT,
    status TEXT NOT NULL DEFAULT 'active', created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS folder_members (
    ns_id TEXT NOT NULL, principal TEXT NOT NULL, access TEXT NOT NULL,
    PRIMARY KEY (ns_id, principal));
CREATE TABLE IF NOT EXISTS groups_ (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL, name TEXT NOT NULL, external_id TEXT,
    management_type TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_members (
    group_id TEXT NOT NULL, member_id TEXT NOT NULL, access TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id));
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, team_id TEXT NOT NULL, member_id TEXT,
    client_id TEXT NOT NULL, scope TEXT NOT NULL, expires_at TEXT, family TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, team_id TEXT NOT NULL, member_id TEXT, client_id TEXT NOT NULL,
    redirect_uri TEXT, challenge TEXT, challenge_method TEXT, scope TEXT NOT NULL,
    access_type TEXT, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS entries (
    ns TEXT NOT NULL, path_lower TEXT NOT NULL, parent_lower TEXT NOT NULL,
    path_display TEXT NOT NULL, is_folder INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,
    rev TEXT, size INTEGER, content_hash TEXT, client_modified TEXT, server_modified TEXT,
    shared_ns TEXT, PRIMARY KEY (ns, path_lower));
CREATE INDEX IF NOT EXISTS entries_children ON entries (ns, parent_lower, path_lower);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, ns TEXT NOT NULL, path_lower TEXT NOT NULL,
    path_display TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS changes_ns ON changes (ns, seq);
CREATE TABLE IF NOT EXISTS upload_sessions (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL, concurrent INTEGER NOT NULL,
    offset_ INTEGER NOT NULL, closed INTEGER NOT NULL, finished INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session_parts (
    session_id TEXT NOT NULL, offset_ INTEGER NOT NULL, length INTEGER NOT NULL,
    chunk TEXT NOT NULL, chunk_offset INTEGER NOT NULL, PRIMARY KEY (session_id, offset_));
CREATE INDEX IF NOT EXISTS session_parts_chunk ON session_parts (chunk);
CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, result TEXT NOT NULL);
"""


def utcnow() -> dt.datetime:
    """Now in UTC, naive and whole seconds: the form Stone timestamps carry on the wire."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def to_text(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def from_text(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.removesuffix("Z"))  # strptime is 10x slower


def random_id(length: int) -> str:
    """`length` random characters from A-Z, a-z, 0-9, - and _ (URL-safe base64)."""
    return secrets.token_urlsafe(length)[:length]


class Store:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.blob_dir = self.data_dir / "blobs"
        self.session_dir = self.data_dir / "sessions"
        self.tmp_dir = self.data_dir / "tmp"
        for directory in (self.blob_dir, self.session_dir, self.tmp_dir):
            directory.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.db = sqlite3.connect(
            self.data_dir / "index.sqlite3", check_same_thread=False, isolation_level=None
        )
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise RuntimeError(
                f"{self.data_dir} holds a sandbox index of another version ({version}); "
                "move it away or delete it to start afresh."
            )
        self.db.executescript(SCHEMA)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        # Bodies of requests cut off by a restart, and chunks no session refers to, are garbage.
        for leftover in self.tmp_dir.iterdir():
            leftover.unlink(missing_ok=True)
        used = {row[0] for row in self.db.execute("SELECT DISTINCT chunk FROM session_parts")}
        for chunk in self.session_dir.iterdir():
            if chunk.name not in used:
                chunk.unlink(missing_ok=True)

    @contextlib.contextmanager
    def transaction(self):
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            else:
                self.db.execute("COMMIT")

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # --- ids -----------------------------------------------------------------------------
    def next_counter(self, name: str, start: int = 1) -> int:
        row = self.db.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
            (name, start),
        ).fetchone()
        return row[0]

    def new_namespace_id(self) -> str:
        return str(self.next_counter("namespace", start=1_000_000_001))

    def new_rev(self) -> str:
        # Revs are hex, at least 9 characters, and sort by age within the sandbox.
        return f"{self.next_counter('rev', start=0x15_0000_0001):x}{secrets.token_hex(4)}"

    @staticmethod
    def new_file_id() -> str:
        return "id:" + random_id(22)

    # --- files on disk -------------------------------------------------------------------
    def new_tmp_path(self) -> Path:
        return self.tmp_dir / uuid.uuid4().hex

    def blob_path(self, content_hash: str) -> Path:
        return self.blob_dir / content_hash[:2] / content_hash

    def adopt_blob(self, source: Path, content_hash: str) -> Path:
        """Move a finished body into the blob store; identical content is stored once."""
        target = self.blob_path(content_hash)
        if target.exists():
            source.unlink(missing_ok=True)
            return target
        try:
            os.replace(source, target)
        except FileNotFoundError:  # the first blob of this two-character prefix
            target.parent.mkdir(exist_ok=True)
            os.replace(source, target)
        return target
