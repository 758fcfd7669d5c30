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


def _default_for(field: models.Field):
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if value is None:
        return None
    return field.get_db_prep_save(value, connection)


class ManifestWriter:
    def __init__(self) -> None:
        table = ManifestEntry._meta.db_table
        fields = [field for field in ManifestEntry._meta.concrete_fields if not field.primary_key]
        others = [field for field in fields if field.column not in INSERT_COLUMNS]
        self.columns = list(INSERT_COLUMNS) + [field.column for field in others]
        self.defaults = tuple(_default_for(field) for field in others)
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        self.insert_sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({', '.join(['%s'] * len(self.columns))})"  # noqa: E501, S608 - names from the model
        self.copy_sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in UPDATE_COLUMNS)
        self.update_sql = f"UPDATE {connection.ops.quote_name(table)} SET {assignments} WHERE id = %s"  # noqa: S608

    def insert(self, rows: list[tuple]) -> None:
        """Rows as tuples in INSERT_COLUMNS order, `issues` already JSON text."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row + self.defaults)
            else:
                cursor.executemany(self.insert_sql, [row + self.defaults for row in rows])

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
