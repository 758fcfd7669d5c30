"""Fixtures of the decommissioning tests: an engagement past cut-over with its old server recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from decommission.models import MediumKind, Method, Technique
from decommission.services import asset_save, medium_add, medium_plan
from engagements.phases import Phase
from migration.models import MigrationJob
from tests.phase_walk import walk_to


def verified_bulk_records(engagement) -> None:
    """What a finished bulk migration and a passed verification leave in the database (rollout's
    guard and the sanitising rule read these); the Dropbox side is tested by the migration app."""
    now = timezone.now()
    for kind, started, result in (
        (MigrationJob.Kind.BULK, now - timedelta(hours=3), {}),
        (MigrationJob.Kind.VERIFY, now - timedelta(hours=1), {"passed": True, "missing": 0, "mismatched": 0}),
    ):
        MigrationJob.objects.create(
            engagement=engagement,
            kind=kind,
            status=MigrationJob.Status.DONE,
            started_at=started,
            finished_at=started + timedelta(minutes=30),
            result=result,
        )


def past_cut_over(engagement, *, phase=Phase.ROLLOUT):
    walk_to(engagement, Phase.MIGRATING)
    verified_bulk_records(engagement)
    walk_to(engagement, phase)
    return engagement


@pytest.fixture
def rollout(engagement):
    """`engagement` moved to rollout (cut-over) after a verified bulk migration."""
    return past_cut_over(engagement)


@pytest.fixture
def no_grace(settings):
    settings.DECOMMISSION_GRACE_DAYS = 0


@pytest.fixture
def server(rollout, coordinator):
    """The old file server with two disks and a USB stick, each with a plan."""
    asset = asset_save(
        engagement=rollout, user=coordinator, name="FS01", make="HPE", model="ProLiant ML30", serial="CZJ1234"
    )
    plans = [
        (MediumKind.DISK, "WD-AAA111", 2000, Method.PURGE, Technique.SANITIZE_OVERWRITE),
        (MediumKind.SSD, "S3Z-BBB222", 500, Method.PURGE, Technique.CRYPTOGRAPHIC_ERASE),
        (MediumKind.USB, "USB-CCC333", 64, Method.DESTROY, Technique.SHRED),
    ]
    for kind, serial, size, method, technique in plans:
        medium = medium_add(asset=asset, user=coordinator, kind=kind, serial=serial, size_gb=size)
        medium_plan(medium=medium, user=coordinator, method=method, technique=technique)
    return asset
