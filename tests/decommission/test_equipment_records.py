"""The equipment: assets from discovery's file servers, media with serial and size, techniques that
fit the NIST level and the medium, WEEE ends with their receipt, the append-only chain of custody."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decommission.models import Asset, CustodyEntry
from decommission.services import (
    asset_end_set,
    assets_from_file_servers,
    custody_record,
    medium_add,
    medium_plan,
)
from engagements.errors import DomainError
from engagements.quotes.services.discovery import file_server_add

pytestmark = pytest.mark.usefixtures("english")


def test_assets_start_from_the_discovery_file_servers_once(engagement, coordinator):
    file_server_add(
        engagement=engagement, user=coordinator, name="FS01", operating_system="Windows Server 2012"
    )
    file_server_add(engagement=engagement, user=coordinator, name="NAS")

    first = assets_from_file_servers(engagement=engagement, user=coordinator)
    again = assets_from_file_servers(engagement=engagement, user=coordinator)

    assert sorted(asset.name for asset in first) == ["FS01", "NAS"]
    assert again == []
    assert Asset.objects.filter(engagement=engagement).count() == 2


@pytest.mark.parametrize(
    ("kind", "method", "technique"),
    [
        ("usb", "purge", "degauss"),
        ("ssd", "purge", "degauss"),
        ("disk", "clear", "shred"),
        ("tape", "purge", "block_erase"),
    ],
)
def test_a_technique_that_does_not_fit_is_refused(engagement, coordinator, kind, method, technique):
    asset = Asset.objects.create(engagement=engagement, name="FS01")
    medium = medium_add(asset=asset, user=coordinator, kind=kind, serial="M1", size_gb=100)

    with pytest.raises(ValidationError):
        medium_plan(medium=medium, user=coordinator, method=method, technique=technique)

    medium.refresh_from_db()
    assert medium.method == ""


def test_the_same_serial_twice_on_an_asset_is_refused(engagement, coordinator):
    asset = Asset.objects.create(engagement=engagement, name="FS01")
    medium_add(asset=asset, user=coordinator, kind="disk", serial="D1", size_gb=100)

    with pytest.raises(DomainError) as refused:
        medium_add(asset=asset, user=coordinator, kind="disk", serial="D1", size_gb=100)
    assert str(refused.value) == "This asset already has a medium with serial number D1."


def test_weee_recycling_needs_recycler_receipt_and_weight(engagement, coordinator):
    asset = Asset.objects.create(engagement=engagement, name="FS01")

    with pytest.raises(ValidationError) as refused:
        asset_end_set(asset=asset, user=coordinator, end="weee", recycler="Stena Recycling AB")
    assert set(refused.value.message_dict) == {"receipt_number", "weight_kg"}

    asset_end_set(
        asset=asset,
        user=coordinator,
        end="weee",
        recycler="Stena",
        receipt_number="R1",
        weight_kg=Decimal("9.5"),
    )
    asset.refresh_from_db()
    assert (asset.end, asset.receipt_number, asset.weight_kg) == ("weee", "R1", Decimal("9.50"))


def test_the_chain_of_custody_is_append_only(engagement, coordinator):
    asset = Asset.objects.create(engagement=engagement, name="FS01")
    entry = custody_record(
        asset=asset,
        user=coordinator,
        taken_by="Karin, Macforum",
        taken_at=timezone.now() - timedelta(hours=1),
    )
    custody_record(asset=asset, user=coordinator, taken_by="Stena Recycling AB", taken_at=timezone.now())

    entry.taken_by = "Someone else"
    with pytest.raises(ValidationError):
        entry.save()
    assert list(CustodyEntry.objects.filter(asset=asset).values_list("taken_by", flat=True)) == [
        "Karin, Macforum",
        "Stena Recycling AB",
    ]


def test_custody_in_the_future_is_refused(engagement, coordinator):
    asset = Asset.objects.create(engagement=engagement, name="FS01")
    with pytest.raises(DomainError):
        custody_record(
            asset=asset, user=coordinator, taken_by="X", taken_at=timezone.now() + timedelta(days=1)
        )
