"""Rescans are idempotent, keep upload state, follow the folder mapping, and feed the quote."""

import pytest

from engagements.errors import DomainError
from migration.models import ManifestEntry, ScanException
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_folder_mapping_set, migration_source_set
from tests.migration.tree import make_plain_tree


@pytest.fixture
def share(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    make_plain_tree(root, files=250, per_folder=50, folders_per_level=2)
    migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    return root


def _scan(engagement, user):
    return scan_execute(scan=scan_start(engagement=engagement, user=user))


def test_a_second_scan_changes_nothing_and_keeps_upload_state(share, engagement, coordinator):
    first = _scan(engagement, coordinator)
    ManifestEntry.objects.filter(engagement=engagement, kind="file").update(
        state="verified", content_hash="h"
    )
    rows = set(
        ManifestEntry.objects.filter(engagement=engagement).values_list("pk", "source_path", "target_path")
    )

    second = _scan(engagement, coordinator)

    assert (
        (second.files, second.folders, second.bytes)
        == (first.files, first.folders, first.bytes)
        == (
            250,
            5 + 3,
            first.bytes,
        )
    )
    assert (
        set(
            ManifestEntry.objects.filter(engagement=engagement).values_list(
                "pk", "source_path", "target_path"
            )
        )
        == rows
    )
    assert (
        not ManifestEntry.objects.filter(engagement=engagement, kind="file")
        .exclude(state="verified")
        .exists()
    )


def test_the_folder_mapping_decides_where_a_top_folder_lands(share, engagement, coordinator):
    migration_folder_mapping_set(
        engagement=engagement, mapping={"Avdelning 000": "/Ekonomi/Arkiv"}, user=coordinator
    )
    _scan(engagement, coordinator)
    entry = ManifestEntry.objects.get(
        engagement=engagement, source_path="Avdelning 000/Projekt 00000/dokument 000.txt"
    )
    assert entry.target_path == "/Ekonomi/Arkiv/Projekt 00000/dokument 000.txt"
    other = ManifestEntry.objects.get(engagement=engagement, source_path="Avdelning 001")
    assert other.target_path == "/Filserver/Avdelning 001"


def test_an_unmapped_folder_steps_aside_for_a_mapped_one(share, engagement, coordinator):
    migration_folder_mapping_set(
        engagement=engagement, mapping={"Avdelning 000": "/Filserver/Avdelning 001"}, user=coordinator
    )
    scan = _scan(engagement, coordinator)
    targets = dict(
        ManifestEntry.objects.filter(engagement=engagement, parent_path="").values_list(
            "source_path", "target_path"
        )
    )
    assert targets["Avdelning 000"] == "/Filserver/Avdelning 001"
    assert targets["Avdelning 001"] == "/Filserver/Avdelning 001 (2)"
    assert scan.status == "done"


def test_a_mapping_sending_two_folders_to_one_place_is_refused(share, engagement, coordinator):
    with pytest.raises(DomainError):
        migration_folder_mapping_set(engagement=engagement, mapping={"A": "/X", "B": "/x"}, user=coordinator)


def test_the_discovery_summary_reaches_the_quote(share, engagement, coordinator):
    scan = _scan(engagement, coordinator)
    engagement.refresh_from_db()
    assert engagement.scan_summary.files == 250
    assert engagement.scan_summary.bytes == scan.bytes
    assert engagement.scan_summary.estimated_migration_seconds == scan.summary["estimated_seconds"]


def test_a_missing_source_is_refused_with_a_sentence(tmp_path, engagement, coordinator):
    migration_source_set(
        engagement=engagement,
        source_path=str(tmp_path / "not-mounted"),
        target_root="/Filserver",
        user=coordinator,
    )
    with pytest.raises(DomainError, match="mounted"):
        scan_start(engagement=engagement, user=coordinator)
    assert not ScanException.objects.exists()
