"""Demo data for decommissioning: a demo engagement that reaches decommissioning has its old server
recorded with its disks and a plan for each; one that is closed has them sanitised, verified, sent
to WEEE recycling with a receipt, appraised, and the certificate signed — through the services,
so the closing guard is met the way a real engagement meets it.

The demo moves through rollout in one sitting, so the grace period after cut-over has not passed:
the demo waives the wait with a reason, as a coordinator would for a server already switched off.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from decommission.models import Asset, AssetEnd, MediumKind, Method, Technique, VerificationResult
from decommission.selectors import decommission_of
from decommission.services import (
    asset_appraise,
    asset_end_set,
    asset_save,
    assets_from_file_servers,
    certificate_sign,
    custody_record,
    early_sanitising_waive,
    medium_add,
    medium_plan,
    medium_sanitise,
)
from engagements.demo import register_demo_step
from engagements.phases import Phase

DEMO_MEDIA = [
    (MediumKind.DISK, "WD-WCC4N1234567", 2000, Method.PURGE, Technique.SANITIZE_OVERWRITE),
    (MediumKind.DISK, "WD-WCC4N7654321", 2000, Method.PURGE, Technique.SANITIZE_OVERWRITE),
    (MediumKind.SSD, "S3Z9NB0K123456", 250, Method.DESTROY, Technique.SHRED),
    (MediumKind.USB, "USB-0042-BACKUP", 64, Method.DESTROY, Technique.SHRED),
]


def demo_equipment(engagement) -> None:
    user = engagement.coordinator
    assets = assets_from_file_servers(engagement=engagement, user=user) or list(
        Asset.objects.filter(engagement=engagement)
    )
    if not assets:
        assets = [asset_save(engagement=engagement, user=user, name="Filserver")]
    asset = asset_save(
        engagement=engagement,
        user=user,
        asset=assets[0],
        name=assets[0].name,
        make="HPE",
        model="ProLiant MicroServer Gen10",
        serial="CZJ7250ABC",
    )
    if asset.media.exists():
        return
    for kind, serial, size, method, technique in DEMO_MEDIA:
        medium = medium_add(asset=asset, user=user, kind=kind, serial=serial, size_gb=size)
        medium_plan(medium=medium, user=user, method=method, technique=technique)


def demo_decommissioned(engagement) -> None:
    user = engagement.coordinator
    consultant = engagement.consultants.first() or user
    record = decommission_of(engagement)
    if record is not None and record.is_signed:
        return
    demo_equipment(engagement)
    early_sanitising_waive(
        engagement=engagement, user=user, reason="Demo: the server was switched off at cut-over."
    )
    for asset in Asset.objects.filter(engagement=engagement):
        for medium in asset.media.filter(sanitised_on__isnull=True):
            medium_sanitise(
                medium=medium,
                user=user,
                technician=consultant,
                sanitised_on=timezone.localdate(),
                verification_method="Read-back of 10 % sampled sectors"
                if medium.method != Method.DESTROY
                else "Visual check of the shreds",
                verification_result=VerificationResult.PASSED,
            )
        custody_record(
            asset=asset,
            user=user,
            taken_by="Karin Nyström, Macforum",
            taken_at=timezone.now() - timedelta(hours=2),
        )
        asset_end_set(
            asset=asset,
            user=user,
            end=AssetEnd.WEEE,
            recycler="Stena Recycling AB",
            receipt_number="SR-2026-10442",
            weight_kg=Decimal("14.50"),
        )
        asset_appraise(asset=asset, user=user, residual_value=Decimal("1200.00"))
    certificate_sign(engagement=engagement, user=consultant)


register_demo_step(to_phase=Phase.DECOMMISSIONING, step=demo_equipment)
register_demo_step(to_phase=Phase.CLOSED, step=demo_decommissioned)
