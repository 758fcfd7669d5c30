"""The scan's bulk inserts: every row lands with the model's defaults, and the table's CHECK
constraints, which SQLite skips for the scan's own insert statement, still hold for every other write."""

import pytest
from django.db import IntegrityError, connection, transaction

from migration.models import ManifestEntry
from migration.scan.manifest_writer import ANALYZE_AFTER_ROWS
from migration.scan.share import scan_share
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from tests.migration.tree import make_plain_tree


@pytest.fixture
def scanned(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    make_plain_tree(root, files=30, per_folder=10, folders_per_level=2)
    migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    return scan_execute(scan=scan_start(engagement=engagement, user=coordinator))


def test_scanned_rows_have_the_models_defaults(scanned, engagement):
    entry = ManifestEntry.objects.get(
        engagement=engagement, source_path="Avdelning 000/Projekt 00000/dokument 000.txt"
    )
    assert (entry.state, entry.attempts, entry.content_hash, entry.pending_move_from, entry.batch) == (
        ManifestEntry.State.PENDING,
        0,
        "",
        "",
        None,
    )
    assert entry.issues == []


def test_the_tables_checks_still_hold_after_a_scan(scanned, engagement):
    entry = ManifestEntry.objects.filter(engagement=engagement).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ManifestEntry.objects.filter(pk=entry.pk).update(state="not-a-state")
    with pytest.raises(IntegrityError), transaction.atomic():
        ManifestEntry.objects.create(
            engagement=engagement, kind="not-a-kind", source_path="elsewhere", parent_path=""
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans on ANALYZE's statistics")
def test_a_first_scan_keeps_postgresqls_statistics_up_with_the_rows_it_writes(
    tmp_path, engagement, coordinator
):
    """Planned on an empty table's statistics, each folder's UPDATE read every row of the
    engagement, and a first scan of a million files grew quadratically."""
    root = tmp_path / "share"
    make_plain_tree(root, files=ANALYZE_AFTER_ROWS + 2_000)
    source = migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    scan_share(scan=scan_start(engagement=engagement, user=coordinator), source=source)  # no ANALYZE after

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [ManifestEntry._meta.db_table])
        (counted,) = cursor.fetchone()
    assert counted >= ANALYZE_AFTER_ROWS
