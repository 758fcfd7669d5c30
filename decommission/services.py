"""The verbs of decommissioning. Each is keyword-only, atomic, validates before saving and writes
an audit row. Who may call them is checked by the views (decommission.access); the rules of the
business (not before the data is safe, frozen after sign-off) are checked here."""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decommission.certificate import certificate_pdf
from decommission.models import Asset, AssetEnd, CustodyEntry, Decommission, Medium
from decommission.selectors import appraised_total, decommissioning_open_items, sanitising_refusal
from engagements import roles
from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.phases import TERMINAL, Phase
from engagements.quotes.models import FileServer
from engagements.services import audit_log
from invoicing.services import credit_issue

ASSET_FIELDS = ("name", "make", "model", "serial")


def _record_for_update(engagement: Engagement) -> Decommission:
    """The engagement's decommissioning row, created on first use and locked for this transaction."""
    Decommission.objects.get_or_create(engagement=engagement)
    return Decommission.objects.select_for_update().get(engagement=engagement)


def _refuse_if_frozen(engagement: Engagement) -> Decommission:
    """Media and assets change only while the engagement is open and the certificate unsigned."""
    if Phase(engagement.phase) in TERMINAL:
        raise DomainError(
            _("The engagement is %(phase)s: its equipment can no longer be changed.")
            % {"phase": Phase(engagement.phase).label.lower()}
        )
    record = _record_for_update(engagement)
    if record.is_signed:
        raise DomainError(
            _("The certificate of data sanitisation is signed: the equipment records are frozen.")
        )
    return record


@transaction.atomic
def assets_from_file_servers(*, engagement: Engagement, user: AbstractBaseUser | None) -> list[Asset]:
    """An asset per file server recorded at discovery that has none yet (name copied; make, model
    and serial are filled in on site)."""
    _refuse_if_frozen(engagement)
    taken = set(Asset.objects.filter(engagement=engagement).values_list("file_server_id", flat=True))
    created = []
    for server in FileServer.objects.filter(engagement=engagement).exclude(pk__in=taken):
        asset = Asset(engagement=engagement, file_server=server, name=server.name)
        asset.full_clean()
        asset.save()
        created.append(asset)
    if created:
        audit_log(
            action="decommission.assets_from_file_servers",
            user=user,
            engagement=engagement,
            details={"assets": [asset.pk for asset in created]},
        )
    return created


@transaction.atomic
def asset_save(
    *,
    engagement: Engagement,
    user: AbstractBaseUser | None,
    asset: Asset | None = None,
    name: str,
    make: str = "",
    model: str = "",
    serial: str = "",
) -> Asset:
    _refuse_if_frozen(engagement)
    asset = asset or Asset(engagement=engagement)
    if asset.engagement_id != engagement.pk:
        raise DomainError(_("That asset belongs to another engagement."))
    created = asset.pk is None
    asset.name, asset.make, asset.model, asset.serial = name, make, model, serial
    asset.full_clean()
    asset.save()
    audit_log(
        action="decommission.asset_added" if created else "decommission.asset_changed",
        user=user,
        engagement=engagement,
        details={"asset": asset.pk, **{field: getattr(asset, field) for field in ASSET_FIELDS}},
    )
    return asset


@transaction.atomic
def medium_add(
    *, asset: Asset, user: AbstractBaseUser | None, kind: str, serial: str, size_gb: int
) -> Medium:
    _refuse_if_frozen(asset.engagement)
    if Medium.objects.filter(asset=asset, serial=serial).exists():
        raise DomainError(
            _("This asset already has a medium with serial number %(serial)s.") % {"serial": serial}
        )
    medium = Medium(asset=asset, kind=kind, serial=serial, size_gb=size_gb)
    medium.full_clean()
    medium.save()
    audit_log(
        action="decommission.medium_added",
        user=user,
        engagement=asset.engagement,
        details={"asset": asset.pk, "medium": medium.pk, "kind": kind, "serial": serial, "size_gb": size_gb},
    )
    return medium


@transaction.atomic
def medium_plan(*, medium: Medium, user: AbstractBaseUser | None, method: str, technique: str) -> Medium:
    """The sanitisation planned for a medium: a NIST SP 800-88 level and a technique fitting it."""
    _refuse_if_frozen(medium.asset.engagement)
    if medium.sanitised_on is not None:
        raise DomainError(_("This medium has been sanitised; its plan is what was done."))
    medium.method, medium.technique = method, technique
    medium.full_clean()
    medium.save(update_fields=["method", "technique"])
    audit_log(
        action="decommission.medium_planned",
        user=user,
        engagement=medium.asset.engagement,
        details={"medium": medium.pk, "method": method, "technique": technique},
    )
    return medium


@transaction.atomic
def medium_sanitise(
    *,
    medium: Medium,
    user: AbstractBaseUser | None,
    technician: AbstractBaseUser,
    sanitised_on: date,
    verification_method: str,
    verification_result: str,
) -> Medium:
    """Record that a medium was sanitised as planned, and its verification.

    1. Refused while the data is not safe (decommission.selectors.sanitising_refusal) unless waived.
    2. The medium must have a plan; the date may not lie in the future.
    3. A failed verification is recorded too: the medium then counts as not sanitised, and is
       sanitised again (a new record replaces it until the certificate is signed).
    """
    engagement = medium.asset.engagement
    _refuse_if_frozen(engagement)
    refusal = sanitising_refusal(engagement)
    if refusal:
        raise DomainError(refusal)
    if not medium.method:
        raise DomainError(_("Plan the sanitisation of this medium first (method and technique)."))
    if sanitised_on > timezone.localdate():
        raise DomainError(_("The sanitisation date cannot be in the future."))
    if not (technician.is_superuser or roles.has_role(technician, roles.CONSULTANT, roles.COORDINATOR)):
        raise DomainError(_("The technician must be one of the consultancy's consultants or coordinators."))
    medium.technician = technician
    medium.sanitised_on = sanitised_on
    medium.verification_method = verification_method
    medium.verification_result = verification_result
    medium.recorded_at = timezone.now()
    medium.full_clean()
    medium.save()
    audit_log(
        action="decommission.medium_sanitised",
        user=user,
        engagement=engagement,
        details={
            "medium": medium.pk,
            "technician": technician.pk,
            "sanitised_on": sanitised_on.isoformat(),
            "verification_method": verification_method,
            "verification_result": verification_result,
        },
    )
    return medium


@transaction.atomic
def asset_end_set(
    *,
    asset: Asset,
    user: AbstractBaseUser | None,
    end: str,
    recycler: str = "",
    receipt_number: str = "",
    weight_kg: Decimal | None = None,
) -> Asset:
    _refuse_if_frozen(asset.engagement)
    if end != AssetEnd.WEEE:
        recycler, receipt_number, weight_kg = "", "", None
    asset.end, asset.recycler, asset.receipt_number, asset.weight_kg = (
        end,
        recycler,
        receipt_number,
        weight_kg,
    )
    asset.end_recorded_by = user if user is not None and user.is_authenticated else None
    asset.end_recorded_at = timezone.now()
    asset.full_clean()
    asset.save()
    audit_log(
        action="decommission.asset_end_set",
        user=user,
        engagement=asset.engagement,
        details={
            "asset": asset.pk,
            "end": end,
            "recycler": recycler,
            "receipt_number": receipt_number,
            "weight_kg": str(weight_kg) if weight_kg is not None else None,
        },
    )
    return asset


@transaction.atomic
def custody_record(
    *, asset: Asset, user: AbstractBaseUser | None, taken_by: str, taken_at: datetime, note: str = ""
) -> CustodyEntry:
    """Add to the asset's chain of custody. Entries are never changed: a correction is a new entry."""
    if taken_at > timezone.now():
        raise DomainError(_("The equipment cannot have been taken in the future."))
    entry = CustodyEntry(
        asset=asset,
        taken_by=taken_by,
        taken_at=taken_at,
        note=note,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    entry.full_clean()
    entry.save()
    audit_log(
        action="decommission.custody_recorded",
        user=user,
        engagement=asset.engagement,
        details={
            "asset": asset.pk,
            "entry": entry.pk,
            "taken_by": taken_by,
            "taken_at": taken_at.isoformat(),
        },
    )
    return entry


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Give a reason for the waiver (a sentence, at least 5 characters)."))
    return reason


@transaction.atomic
def early_sanitising_waive(*, engagement: Engagement, user: AbstractBaseUser, reason: str) -> Decommission:
    """Let media be sanitised before the bulk migration is verified and the grace period has passed."""
    record = _refuse_if_frozen(engagement)
    record.early_waiver_reason = _reason(reason)
    record.early_waived_by, record.early_waived_at = user, timezone.now()
    record.full_clean()
    record.save(update_fields=["early_waiver_reason", "early_waived_by", "early_waived_at"])
    audit_log(
        action="decommission.early_sanitising_waived",
        user=user,
        engagement=engagement,
        details={"reason": record.early_waiver_reason},
    )
    return record


@transaction.atomic
def decommissioning_waive(*, engagement: Engagement, user: AbstractBaseUser, reason: str) -> Decommission:
    """No decommissioning for this engagement (say, the customer keeps the server): closing may go ahead."""
    record = _refuse_if_frozen(engagement)
    record.waiver_reason = _reason(reason)
    record.waived_by, record.waived_at = user, timezone.now()
    record.full_clean()
    record.save(update_fields=["waiver_reason", "waived_by", "waived_at"])
    audit_log(
        action="decommission.waived",
        user=user,
        engagement=engagement,
        details={"reason": record.waiver_reason},
    )
    return record


@transaction.atomic
def certificate_sign(*, engagement: Engagement, user: AbstractBaseUser) -> Decommission:
    """The consultant signs the certificate of data sanitisation off.

    1. Only a consultant assigned to the engagement (or an administrator) signs.
    2. Every medium sanitised and verified, every asset given its end.
    3. The PDF is rendered once, in the customer's language, and stored: it never changes after.
    """
    record = _refuse_if_frozen(engagement)
    if not (user.is_superuser or engagement.consultants.filter(pk=user.pk).exists()):
        raise DomainError(_("The certificate is signed off by a consultant assigned to the engagement."))
    open_items = [
        item
        for item in decommissioning_open_items(engagement)
        if item != _("The certificate of data sanitisation is not signed.")
    ]
    if open_items:
        raise DomainError(" ".join(open_items))
    record.signed_by, record.signed_at = user, timezone.now()
    record.certificate_pdf = certificate_pdf(engagement=engagement, record=record)
    record.full_clean()
    record.save(update_fields=["signed_by", "signed_at", "certificate_pdf"])
    audit_log(action="decommission.certificate_signed", user=user, engagement=engagement, details={})
    return record


@transaction.atomic
def asset_appraise(*, asset: Asset, user: AbstractBaseUser, residual_value: Decimal) -> Asset:
    record = _record_for_update(asset.engagement)
    if record.credit_issued_at is not None:
        raise DomainError(_("The store credit has been issued: the appraisal can no longer change."))
    asset.residual_value = residual_value
    asset.appraised_by, asset.appraised_at = user, timezone.now()
    asset.full_clean()
    asset.save(update_fields=["residual_value", "appraised_by", "appraised_at"])
    audit_log(
        action="decommission.asset_appraised",
        user=user,
        engagement=asset.engagement,
        details={"asset": asset.pk, "residual_value": str(residual_value)},
    )
    return asset


@transaction.atomic
def store_credit_issue(*, engagement: Engagement, user: AbstractBaseUser) -> Decommission:
    """Turn the appraised residual value into store credit for the customer, once."""
    record = _record_for_update(engagement)
    if record.credit_issued_at is not None:
        raise DomainError(_("The store credit for this equipment has already been issued."))
    if Asset.objects.filter(engagement=engagement, residual_value__isnull=True).exists():
        raise DomainError(_("Appraise every asset first (a value of 0 is an appraisal too)."))
    total = appraised_total(engagement)
    if total <= 0:
        raise DomainError(_("The equipment has no residual value: there is no credit to issue."))
    credit_issue(
        customer=engagement.customer,
        amount=total,
        reason=_("Residual value of the old equipment, %(reference)s") % {"reference": engagement.reference},
        user=user,
        engagement=engagement,
    )
    record.credit_amount, record.credit_issued_by, record.credit_issued_at = total, user, timezone.now()
    record.full_clean()
    record.save(update_fields=["credit_amount", "credit_issued_by", "credit_issued_at"])
    audit_log(
        action="decommission.store_credit_issued",
        user=user,
        engagement=engagement,
        details={"amount": str(total)},
    )
    return record
