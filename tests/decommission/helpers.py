"""Taking the recorded server all the way: sanitised, verified, its end recorded, the certificate signed."""

from decimal import Decimal

from django.utils import timezone

from decommission.models import AssetEnd, VerificationResult
from decommission.services import asset_end_set, certificate_sign, medium_sanitise


def sanitise_all(asset, technician, *, on=None):
    for medium in asset.media.all():
        medium_sanitise(
            medium=medium,
            user=technician,
            technician=technician,
            sanitised_on=on or timezone.localdate(),
            verification_method="Sampled read-back",
            verification_result=VerificationResult.PASSED,
        )


def recycle(asset, user):
    return asset_end_set(
        asset=asset,
        user=user,
        end=AssetEnd.WEEE,
        recycler="Stena Recycling AB",
        receipt_number="SR-10442",
        weight_kg=Decimal("14.50"),
    )


def decommissioned(asset, consultant):
    sanitise_all(asset, consultant)
    recycle(asset, consultant)
    return certificate_sign(engagement=asset.engagement, user=consultant)
