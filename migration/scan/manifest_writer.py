"""Writing manifest rows in bulk, fast: COPY on PostgreSQL, executemany elsewhere.

Django's bulk_create builds every row as a model instance and compiles SQL for each; for a share
of a million files that is most of the scan's time. The scan hands plain tuples here instead.
Columns the scan does not set (the upload state, and any a later migration adds) get their model
default, read from the model, so a new field with a default needs no change here.
"""

import json

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
# PostgreSQL only: the first ANALYZE during a scan, then one each time the rows double.
ANALYZE_AFTER_ROWS = 10_000


def manifest_statistics_refresh() -> None:
    """Have PostgreSQL count the manifest again (ANALYZE samples a fixed number of rows: a
    fraction of a second), so it plans lookups by path on what the table holds now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(ManifestEntry._meta.db_table)}")


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
        assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in UPDATE_COLUMNS)
        self.update_sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
        quote = connection.ops.quote_name
        self.listing_sql = (
            f"UPDATE {table} SET {quote('listing_fingerprint')} = %s "  # noqa: S608
            f"WHERE {quote('engagement_id')} = %s AND {quote('source_path')} = %s"
        )
        self._rows_at_analyze = 0
        self._inserted_since_analyze = 0

    def insert(self, rows: list[tuple]) -> None:
        """Rows as tuples in INSERT_COLUMNS order, `issues` already JSON text."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row + self.defaults)
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

    def _statistics_keep_up(self, *, inserted: int) -> None:
        """ANALYZE the table each time a scan has doubled what PostgreSQL last counted in it.

        A first scan writes up to millions of rows long before autovacuum looks at them, and the
        scan's own statements (storing each folder's listing by path, a rescan's lookups) are
        planned on the table's statistics: on those of an empty table PostgreSQL reads every row
        of the engagement for each folder, so a first scan of 1,000,000 files grew quadratically
        (0.17 s a folder at 470,000 rows). Doubling keeps it to a few dozen ANALYZEs (each samples
        a fixed number of rows: a fraction of a second) however big the share.
        """
        self._inserted_since_analyze += inserted
        if self._inserted_since_analyze >= max(ANALYZE_AFTER_ROWS, self._rows_at_analyze):
            manifest_statistics_refresh()
            self._rows_at_analyze += self._inserted_since_analyze
            self._inserted_since_analyze = 0

    def update(self, rows: list[tuple]) -> None:
        """Rows as tuples in UPDATE_COLUMNS order followed by the id."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # jsonb takes text only through an explicit cast.
                cursor.executemany(self.update_sql.replace('"issues" = %s', '"issues" = %s::jsonb'), rows)
            else:
                cursor.executemany(self.update_sql, rows)

    def store_listings(self, rows: list[tuple]) -> None:
        """Folders' stored listings (migration.scan.fingerprint): (value or None, engagement id, path)."""
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.listing_sql, rows)
