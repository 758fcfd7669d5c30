"""Writing manifest rows in bulk, fast: COPY on PostgreSQL, executemany elsewhere.

Django's bulk_create builds every row as a model instance and compiles SQL for each; for a share
of a million files that is most of the scan's time. The scan hands plain tuples here instead.
Columns the scan does not set (the upload state, and any a later migration adds) get their model
default, read from the model, so a new field with a default needs no change here.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection, models

from migration.models import ManifestEntry

INSERT_COLUMNS = (
    "engagement_id",
    "kind",
    "source_path",
    "source_path_raw",
    "parent_path",
    "size",
    "mtime_ns",
    "inode",
    "target_path",
    "target_path_lower",
    "action",
    "issues",
    "last_seen_scan_id",
)
# Columns a rescan rewrites on a changed row, in this order, then the row's id.
UPDATE_COLUMNS = (
    "kind",
    "size",
    "mtime_ns",
    "inode",
    "target_path",
    "target_path_lower",
    "action",
    "issues",
    "state",
    "pending_move_from",
    "last_seen_scan_id",
)
# PostgreSQL only: the first ANALYZE during a scan, then one each time the rows quadruple.
ANALYZE_AFTER_ROWS = 10_000
# PostgreSQL only: the columns the manifest's queries filter and sort on. ANALYZE samples the same
# rows whatever it is given, but computing the statistics of every column (paths, targets, stored
# listings, issues) took about half of each ANALYZE's time; the others are not filtered on.
PLANNED_COLUMNS = (
    "engagement_id",
    "parent_path",
    "source_path",
    "state",
    "size",
    "kind",
    "action",
    "batch_id",
    "target_path_lower",
    "pending_move_from",
)
# PostgreSQL only: the columns a scan's own lookups use (by folder, by path); enough while it writes.
SCAN_PLANNED_COLUMNS = ("engagement_id", "parent_path", "source_path")


def manifest_statistics_refresh(*, columns: tuple[str, ...] = PLANNED_COLUMNS) -> None:
    """Have PostgreSQL count the manifest again (ANALYZE samples a fixed number of rows: a
    fraction of a second), so it plans lookups by path on what the table holds now."""
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {quote(ManifestEntry._meta.db_table)} ({', '.join(map(quote, columns))})"
            )


@contextmanager
def binary_cursor() -> Iterator:
    """PostgreSQL: a cursor binding its parameters on the server and reading results in binary,
    for statements that carry stored listings (kilobytes of bytea a folder). Django's own cursor
    writes every value into the statement as text, and for bytea that is hex: twice the bytes,
    parsed again at each end. Wrapped as Django wraps its cursors, so it is logged like them."""
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        yield cursor


def scan_writes_relax_durability() -> None:
    """PostgreSQL only, inside a scan's write transaction: commit it without waiting for the WAL
    to reach the disk (`synchronous_commit = off` for this transaction alone).

    A first scan commits every BATCH_SIZE rows, and each commit waited for an fsync. Nothing is
    lost that matters: after a server crash the database is consistent and at most the last
    fraction of a second of a scan's batches is missing; a scan that did not finish is scanned
    again (its rows are upserts), and a finished one is marked done by an ordinary commit, which
    flushes the WAL written before it, these batches included.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


# COPY's text format: NULL, and the four characters written as escapes inside a value.
NULL_TEXT = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """One value in PostgreSQL COPY's text format (bytea as hex)."""
    if value is None:
        return NULL_TEXT
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\\\x" + bytes(value).hex()
    return str(value).translate(_COPY_ESCAPES)


def _default_for(field: models.Field):
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if value is None:
        return None
    return field.get_db_prep_save(value, connection)


def _sql_literal(value) -> str:
    """A model default as an SQL literal (they are None, numbers and short strings)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    raise TypeError(f"no SQL literal for the default {value!r}")


class ManifestWriter:
    def __init__(self) -> None:
        table = ManifestEntry._meta.db_table
        fields = [field for field in ManifestEntry._meta.concrete_fields if not field.primary_key]
        others = [field for field in fields if field.column not in INSERT_COLUMNS]
        self.columns = list(INSERT_COLUMNS) + [field.column for field in others]
        self.defaults = tuple(_default_for(field) for field in others)
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        # The defaults are written into the statement once rather than bound for every row: on
        # SQLite binding ten constant values per row was a tenth of the insert's time.
        values = ["%s"] * len(INSERT_COLUMNS) + [_sql_literal(value) for value in self.defaults]
        table = connection.ops.quote_name(table)
        self.insert_sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(values)})"  # noqa: S608 - names from the model, literals from its defaults
        self.copy_sql = f"COPY {table} ({quoted}) FROM STDIN"
        # The defaults as the tail of each COPY line, and around a folder's stored listing.
        at = [field.column for field in others].index("listing_fingerprint")
        self._copy_defaults = "".join("\t" + copy_text(value) for value in self.defaults)
        self._copy_before_listing = "".join("\t" + copy_text(value) for value in self.defaults[:at]) + "\t"
        self._copy_after_listing = "".join("\t" + copy_text(value) for value in self.defaults[at + 1 :])
        assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in UPDATE_COLUMNS)
        self.update_sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
        quote = connection.ops.quote_name
        self.listing_sql = (
            f"UPDATE {table} SET {quote('listing_fingerprint')} = %s "  # noqa: S608
            f"WHERE {quote('engagement_id')} = %s AND {quote('source_path')} = %s"
        )
        # PostgreSQL: one statement for a whole batch of updates, the rows sent as arrays and
        # joined by id (or by path), rather than a statement per row planned and run one by one.
        types = (
            "text",
            "bigint",
            "bigint",
            "bigint",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "bigint",
        )
        arrays = ", ".join(f"%s::{kind}[]" for kind in (*types, "bigint"))
        names = ", ".join(quote(column) for column in (*UPDATE_COLUMNS, "id"))
        sets = ", ".join(
            f"{quote(column)} = new.{quote(column)}" + ("::jsonb" if column == "issues" else "")
            for column in UPDATE_COLUMNS
        )
        self.update_many_sql = (
            f"UPDATE {table} AS row SET {sets} FROM unnest({arrays}) AS new({names}) "  # noqa: S608
            f"WHERE row.id = new.id"
        )
        self.listings_many_sql = (
            f"UPDATE {table} AS row SET {quote('listing_fingerprint')} = new.listing "  # noqa: S608
            f"FROM unnest(%s::bytea[], %s::text[]) AS new(listing, path) "
            f"WHERE row.{quote('engagement_id')} = %s AND row.{quote('source_path')} = new.path"
        )
        self._rows_at_analyze = 0
        self._inserted_since_analyze = 0
        self._stream: tuple | None = None  # (cursor, copy()'s manager, copy, rows sent) while open

    # -- PostgreSQL: a COPY left open while the scan goes on --------------------------------------

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def stream_open(self) -> None:
        """Start a COPY that `stream_send` adds to while the scan walks on, in the caller's
        transaction: PostgreSQL takes the rows in while the next folders are read, rather than
        after each batch is complete. No other statement may run on the connection until
        `stream_close`. The foreign key to the engagement is checked as each row arrives
        (SET CONSTRAINTS ... IMMEDIATE) rather than all at once at the commit, after the COPY."""
        cursor = connection.cursor()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        manager = cursor.cursor.copy(self.copy_sql)
        self._stream = (cursor, manager, manager.__enter__(), 0)

    def stream_send(self, rows: list[tuple], listings: dict[int, bytes]) -> None:
        cursor, manager, copy, sent = self._stream
        copy.write(self._copy_text(rows, listings).encode())
        self._stream = (cursor, manager, copy, sent + len(rows))

    def stream_close(self, error: BaseException | None = None) -> None:
        """End the COPY (waiting for PostgreSQL to take in the rest), or abandon it on `error`."""
        if self._stream is None:
            return
        cursor, manager, _copy, sent = self._stream
        self._stream = None
        try:
            if error is None:
                manager.__exit__(None, None, None)
            else:
                try:
                    manager.__exit__(type(error), error, error.__traceback__)
                except Exception:  # noqa: BLE001, S110 - the COPY is abandoned for `error`, raised by the caller
                    pass
        finally:
            cursor.close()
        if error is None:
            self._statistics_keep_up(inserted=sent)

    def insert(self, rows: list[tuple], *, listings: dict[int, bytes] | None = None) -> None:
        """Rows as tuples in INSERT_COLUMNS order, `issues` already JSON text. `listings`: the
        stored listings of some of them, by index in `rows` (PostgreSQL only; see `insert_takes_listings`)."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    copy.write(self._copy_text(rows, listings or {}).encode())
                self._statistics_keep_up(inserted=len(rows))
            elif connection.vendor == "sqlite":
                # SQLite tests the table's CHECK constraints (kind, action and state among their
                # choices, sizes not negative) row by row, and that was a third of a first scan's
                # insert time. These rows come from the scan alone, built from the model's own
                # choices and lstat(), so the checks are switched off for this statement only;
                # every other write to the table, and every UPDATE, is still checked. (The pragma
                # expires compiled statements each way, so no cached statement keeps either mode.)
                cursor.execute("PRAGMA ignore_check_constraints = ON")
                try:
                    cursor.executemany(self.insert_sql, rows)
                finally:
                    cursor.execute("PRAGMA ignore_check_constraints = OFF")
            else:
                cursor.executemany(self.insert_sql, rows)

    def _copy_text(self, rows: list[tuple], listings: dict[int, bytes]) -> str:
        """The rows in COPY's text format, a line each, the defaults (or a stored listing) after.

        Written here rather than by psycopg's `write_row`, which finds a dumper for each of a
        row's two dozen values in turn. Most paths hold nothing COPY escapes, so they are written
        as they are; a row with a backslash, tab or line break in a text goes through copy_text.
        """
        lines = []
        append = lines.append
        tail = self._copy_defaults
        for index, row in enumerate(rows):
            (engagement_id, kind, path, raw, parent, size, mtime_ns, inode, target, lower, action, issues,
             scan_id) = row  # fmt: skip
            if listings:
                listing = listings.get(index)
                if listing is None:
                    tail = self._copy_defaults
                else:
                    tail = self._copy_before_listing + copy_text(listing) + self._copy_after_listing
            texts = path + parent + target + issues  # `lower` is target's; kind and action are choices
            if raw is None and not ("\\" in texts or "\t" in texts or "\n" in texts or "\r" in texts):
                append(
                    f"{engagement_id:d}\t{kind}\t{path}\t\\N\t{parent}\t{size:d}\t{mtime_ns:d}\t{inode:d}\t"
                    f"{target}\t{lower}\t{action}\t{issues}\t{scan_id:d}{tail}\n"
                )
            else:
                append("\t".join(map(copy_text, row)) + tail + "\n")
        return "".join(lines)

    def _statistics_keep_up(self, *, inserted: int) -> None:
        """ANALYZE the table each time a scan has quadrupled what PostgreSQL last counted in it.

        A first scan writes up to millions of rows long before autovacuum looks at them, and the
        scan's own statements (storing each folder's listing by path, a rescan's lookups) are
        planned on the table's statistics: on those of an empty table PostgreSQL reads every row
        of the engagement for each folder, so a first scan of 1,000,000 files grew quadratically
        (0.17 s a folder at 470,000 rows). Quadrupling keeps it to a handful of ANALYZEs (each
        samples a fixed number of rows: a fraction of a second) however big the share, with
        counts never more than four times off. (Folders mostly take their listing in their own
        row now, see `insert`, so few statements look rows up by path during a first scan.)
        """
        self._inserted_since_analyze += inserted
        if self._inserted_since_analyze >= max(ANALYZE_AFTER_ROWS, 3 * self._rows_at_analyze):
            manifest_statistics_refresh(columns=SCAN_PLANNED_COLUMNS)
            self._rows_at_analyze += self._inserted_since_analyze
            self._inserted_since_analyze = 0

    def update(self, rows: list[tuple]) -> None:
        """Rows as tuples in UPDATE_COLUMNS order followed by the id."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                rows = list({row[-1]: row for row in rows}.values())  # each id once, the last kept
                cursor.execute(self.update_many_sql, [list(column) for column in zip(*rows, strict=True)])
            else:
                cursor.executemany(self.update_sql, rows)

    @property
    def insert_takes_listings(self) -> bool:
        """Whether `insert` writes stored listings into the rows it creates (PostgreSQL's COPY),
        so a folder created in the same batch needs no UPDATE for its listing."""
        return connection.vendor == "postgresql"

    def store_listings(self, rows: list[tuple]) -> None:
        """Folders' stored listings (migration.scan.fingerprint): (value or None, engagement id, path)."""
        if not rows:
            return
        if connection.vendor == "postgresql":
            # One UPDATE joins each row once: the last value queued for a path is the one kept,
            # as when the statements ran one by one.
            by_engagement: dict[int, dict[str, bytes | None]] = {}
            for value, engagement_id, path in rows:
                by_engagement.setdefault(engagement_id, {})[path] = value
            with binary_cursor() as cursor:
                for engagement_id, listings in by_engagement.items():
                    cursor.execute(
                        self.listings_many_sql, [list(listings.values()), list(listings), engagement_id]
                    )
        else:
            with connection.cursor() as cursor:
                cursor.executemany(self.listing_sql, rows)
