"""The old equipment, how each storage medium is sanitised (NIST SP 800-88 Rev. 1), where each
asset ends up, who took it, what it is worth, and the engagement's certificate."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement
from engagements.quotes.models import FileServer


class MediumKind(models.TextChoices):
    DISK = "disk", _("Hard disk")
    SSD = "ssd", _("SSD")
    TAPE = "tape", _("Tape")
    USB = "usb", _("USB flash drive")


class Method(models.TextChoices):
    """The three sanitisation levels of NIST SP 800-88 Rev. 1."""

    CLEAR = "clear", _("Clear")
    PURGE = "purge", _("Purge")
    DESTROY = "destroy", _("Destroy")


class Technique(models.TextChoices):
    OVERWRITE = "overwrite", _("Overwrite")
    SANITIZE_OVERWRITE = "sanitize_overwrite", _("Sanitize command: overwrite")
    CRYPTOGRAPHIC_ERASE = "cryptographic_erase", _("Cryptographic erase")
    BLOCK_ERASE = "block_erase", _("Block erase")
    DEGAUSS = "degauss", _("Degauss")
    SHRED = "shred", _("Shred")
    DISINTEGRATE = "disintegrate", _("Disintegrate")
    PULVERIZE = "pulverize", _("Pulverise")
    INCINERATE = "incinerate", _("Incinerate")


_DESTROY = frozenset({Technique.SHRED, Technique.DISINTEGRATE, Technique.PULVERIZE, Technique.INCINERATE})
# The techniques NIST SP 800-88 Rev. 1 (Appendix A) lists for each kind of medium and level.
# A flash medium cannot be purged by degaussing, and a USB stick has no standard purge command:
# it is cleared or destroyed.
TECHNIQUES: dict[tuple[str, str], frozenset[str]] = {
    (MediumKind.DISK, Method.CLEAR): frozenset({Technique.OVERWRITE}),
    (MediumKind.DISK, Method.PURGE): frozenset(
        {Technique.SANITIZE_OVERWRITE, Technique.CRYPTOGRAPHIC_ERASE, Technique.DEGAUSS}
    ),
    (MediumKind.DISK, Method.DESTROY): _DESTROY,
    (MediumKind.SSD, Method.CLEAR): frozenset({Technique.OVERWRITE}),
    (MediumKind.SSD, Method.PURGE): frozenset({Technique.BLOCK_ERASE, Technique.CRYPTOGRAPHIC_ERASE}),
    (MediumKind.SSD, Method.DESTROY): _DESTROY,
    (MediumKind.TAPE, Method.CLEAR): frozenset({Technique.OVERWRITE}),
    (MediumKind.TAPE, Method.PURGE): frozenset({Technique.DEGAUSS}),
    (MediumKind.TAPE, Method.DESTROY): _DESTROY,
    (MediumKind.USB, Method.CLEAR): frozenset({Technique.OVERWRITE}),
    (MediumKind.USB, Method.DESTROY): _DESTROY,
}


class VerificationResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class AssetEnd(models.TextChoices):
    REUSE = "reuse", _("Reuse")
    RESALE = "resale", _("Resale")
    WEEE = "weee", _("WEEE recycling")


class Asset(models.Model):
    """A piece of the old equipment: a server, a NAS, a tape drive with its tapes."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="decommission_assets")
    file_server = models.ForeignKey(
        FileServer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    name = models.CharField(_("name"), max_length=100)
    make = models.CharField(_("make"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    # Where it ends: reuse, resale or WEEE recycling (recycler, receipt and weight required then).
    end = models.CharField(_("end"), max_length=10, choices=AssetEnd.choices, blank=True)
    recycler = models.CharField(_("recycler"), max_length=200, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=100, blank=True)
    weight_kg = models.DecimalField(
        _("weight (kg)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    end_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_recorded_at = models.DateTimeField(null=True, blank=True)
    # The appraisal: the residual value the customer gets as store credit.
    residual_value = models.DecimalField(
        _("residual value (SEK)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appraised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [
            models.CheckConstraint(
                condition=Q(residual_value__isnull=True) | Q(residual_value__gte=0),
                name="decommission_asset_value_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(end="weee")
                | (~Q(recycler="") & ~Q(receipt_number="") & Q(weight_kg__isnull=False)),
                name="decommission_asset_weee_has_receipt",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.end == AssetEnd.WEEE:
            missing = {
                field: _("Required for WEEE recycling.")
                for field in ("recycler", "receipt_number", "weight_kg")
                if getattr(self, field) in (None, "")
            }
            if missing:
                raise ValidationError(missing)


class Medium(models.Model):
    """A storage medium of an asset, its sanitisation plan and what was done to it."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=10, choices=MediumKind.choices)
    serial = models.CharField(_("serial number"), max_length=100)
    size_gb = models.PositiveIntegerField(_("size (GB)"), validators=[MinValueValidator(1)])
    # The plan.
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True)
    technique = models.CharField(_("technique"), max_length=30, choices=Technique.choices, blank=True)
    # What was done, and its verification.
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technician"),
    )
    sanitised_on = models.DateField(_("sanitised on"), null=True, blank=True)
    verification_method = models.CharField(_("verification method"), max_length=200, blank=True)
    verification_result = models.CharField(
        _("verification result"), max_length=10, choices=VerificationResult.choices, blank=True
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asset", "kind", "serial", "pk"]
        verbose_name = _("storage medium")
        verbose_name_plural = _("storage media")
        constraints = [
            models.UniqueConstraint(fields=["asset", "serial"], name="decommission_medium_serial_per_asset"),
            models.CheckConstraint(
                condition=Q(sanitised_on__isnull=True) | (~Q(method="") & ~Q(technique="")),
                name="decommission_medium_sanitised_has_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"

    @property
    def is_sanitised(self) -> bool:
        return self.sanitised_on is not None and self.verification_result == VerificationResult.PASSED

    def clean(self):
        if (
            self.method
            and self.technique
            and self.technique not in TECHNIQUES.get((self.kind, self.method), ())
        ):
            raise ValidationError(
                {
                    "technique": _("“%(technique)s” is not a %(method)s technique for a %(kind)s.")
                    % {
                        "technique": self.get_technique_display(),
                        "method": self.get_method_display(),
                        "kind": self.get_kind_display(),
                    }
                }
            )
        if bool(self.method) != bool(self.technique):
            raise ValidationError(_("Choose both a method and a technique."))


class CustodyEntry(models.Model):
    """Who took the equipment and when. Entries are only ever added (append-only)."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="custody_entries")
    taken_by = models.CharField(_("taken by"), max_length=200, help_text=_("Person and company."))
    taken_at = models.DateTimeField(_("taken at"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("chain of custody entry")
        verbose_name_plural = _("chain of custody")

    def __str__(self) -> str:
        return f"{self.asset}: {self.taken_by} {self.taken_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Integrity, not business logic: the chain of custody is a record; a correction is a new entry.
        if self.pk is not None:
            raise ValidationError(_("Chain of custody entries are never changed; add a new entry."))
        super().save(*args, **kwargs)


class Decommission(models.Model):
    """The engagement's decommissioning as a whole: waivers, the signed certificate, the credit."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="decommission")
    # Sanitising before the bulk migration is verified and the grace period has passed.
    early_waiver_reason = models.TextField(blank=True)
    early_waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    early_waived_at = models.DateTimeField(null=True, blank=True)
    # No decommissioning at all (the customer keeps the server, for instance): closing may go ahead.
    waiver_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    # The certificate, frozen at sign-off.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    certificate_pdf = models.BinaryField(null=True, blank=True, editable=False)
    # The store credit issued for the appraised residual value.
    credit_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    credit_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    credit_issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("decommissioning")
        verbose_name_plural = _("decommissionings")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(certificate_pdf__isnull=False),
                name="decommission_signed_has_pdf",
            ),
        ]

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_waived(self) -> bool:
        return bool(self.waiver_reason)
