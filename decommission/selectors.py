"""Reads of the decommissioning: when sanitising may start, whether it is done, the appraised total."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decommission.models import Asset, CustodyEntry, Decommission, Medium
from engagements.models import Engagement, PhaseChange
from engagements.phases import Phase
from migration.guards import rollout_needs_a_verified_bulk


def decommission_of(engagement: Engagement) -> Decommission | None:
    return Decommission.objects.filter(engagement=engagement).first()


def assets_of(engagement: Engagement) -> QuerySet[Asset]:
    """The engagement's assets with their media (and technicians) and chain of custody: three queries."""
    return (
        Asset.objects.filter(engagement=engagement)
        .select_related("appraised_by", "end_recorded_by")
        .prefetch_related(
            Prefetch("media", queryset=Medium.objects.select_related("technician")),
            Prefetch("custody_entries", queryset=CustodyEntry.objects.select_related("recorded_by")),
        )
    )


def media_of(engagement: Engagement) -> QuerySet[Medium]:
    return (
        Medium.objects.filter(asset__engagement=engagement)
        .select_related("asset", "technician")
        .order_by("asset__name", "asset_id", "kind", "serial", "pk")
    )


def cut_over_at(engagement: Engagement) -> datetime | None:
    """Cut-over is the move to rollout: from then the customer works in Dropbox and the old
    server is read-only. (The verification that rollout's guard asks for finished before it.)"""
    change = (
        PhaseChange.objects.filter(engagement=engagement, to_phase=Phase.ROLLOUT)
        .order_by("-changed_at", "-pk")
        .first()
    )
    return change.changed_at if change else None


def sanitising_allowed_from(engagement: Engagement) -> datetime | None:
    cut_over = cut_over_at(engagement)
    return cut_over + timedelta(days=settings.DECOMMISSION_GRACE_DAYS) if cut_over else None


def sanitising_refusal(engagement: Engagement, *, now: datetime | None = None) -> str | None:
    """Why the old server's media may not be sanitised yet, or None.

    1. A coordinator's or consultant's waiver (with its reason) lets it happen at once.
    2. Otherwise the bulk migration must be verified (the check rollout's guard makes) and
    3. the grace period (DECOMMISSION_GRACE_DAYS) after cut-over must have passed.
    """
    record = decommission_of(engagement)
    if record is not None and record.early_waiver_reason:
        return None
    unverified = rollout_needs_a_verified_bulk(engagement)
    if unverified is not None:
        return _("The data is not safe in Dropbox yet: %(reason)s") % {"reason": unverified}
    allowed_from = sanitising_allowed_from(engagement)
    if allowed_from is None:
        return _("The old server stays read-only until cut-over: the engagement has not reached rollout yet.")
    if (now or timezone.now()) < allowed_from:
        return _(
            "The old server stays read-only for %(days)d days after cut-over: media may be sanitised "
            "from %(date)s."
        ) % {
            "days": settings.DECOMMISSION_GRACE_DAYS,
            "date": timezone.localtime(allowed_from).strftime("%Y-%m-%d %H:%M"),
        }
    return None


def decommissioning_open_items(engagement: Engagement) -> list[str]:
    """What is left before decommissioning is done: sentences a user can read (empty when done)."""
    assets = list(assets_of(engagement))
    items = []
    if not assets:
        items.append(_("No equipment has been recorded."))
    media = [medium for asset in assets for medium in asset.media.all()]
    not_done = sum(1 for medium in media if not medium.is_sanitised)
    if not_done:
        items.append(
            _("%(count)d of %(total)d storage media are not sanitised and verified.")
            % {"count": not_done, "total": len(media)}
        )
    without_end = sum(1 for asset in assets if not asset.end)
    if without_end:
        items.append(
            ngettext(
                "%(count)d asset has no end (reuse, resale or recycling).",
                "%(count)d assets have no end (reuse, resale or recycling).",
                without_end,
            )
            % {"count": without_end}
        )
    record = decommission_of(engagement)
    if record is None or not record.is_signed:
        items.append(_("The certificate of data sanitisation is not signed."))
    return items


def closing_needs_decommissioning(engagement: Engagement) -> str | None:
    """The guard on closing: decommissioning done, or waived with a reason."""
    record = decommission_of(engagement)
    if record is not None and record.is_waived:
        return None
    items = decommissioning_open_items(engagement)
    if not items:
        return None
    return _(
        "The engagement closes when the old equipment is decommissioned (or that is waived): %(items)s"
    ) % {"items": " ".join(items)}


def appraised_total(engagement: Engagement) -> Decimal:
    total = Asset.objects.filter(engagement=engagement).aggregate(total=Sum("residual_value"))["total"]
    return total or Decimal("0.00")
