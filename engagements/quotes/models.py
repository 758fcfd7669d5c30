"""Discovery (kartläggning), the service catalogue and the fixed-price quote.

A quote is a numbered series of versions per engagement. A version is a draft until it is
sent; from then on its content is frozen (see `Quote.save`), and a change of mind makes the
next version. Money is `Decimal` throughout; the arithmetic lives in `money.py`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from engagements.errors import DomainError
from engagements.models import Engagement

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# Free texts go into the quote PDF and onto pages; a limit keeps a pasted document from making
# every preview take a minute and hundreds of pages. Ten thousand characters is about four pages.
LONG_TEXT_LIMIT = 10_000
SHORT_TEXT_LIMIT = 2_000


def text_limit(limit: int) -> MaxLengthValidator:
    return MaxLengthValidator(
        limit,
        message=_(
            "Keep this text to at most %(limit_value)d characters (it has %(show_value)d); "
            "longer material belongs in an attachment."
        ),
    )


class FrozenQuoteError(DomainError):
    pass


class ScanSummary(models.Model):
    """The latest discovery scan of the customer's file server, pushed here by the migration app."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="scan_summary")
    files = models.PositiveBigIntegerField(_("files"))
    folders = models.PositiveBigIntegerField(_("folders"))
    bytes = models.PositiveBigIntegerField(_("bytes"))
    exceptions = models.PositiveIntegerField(_("exceptions"))
    estimated_migration_seconds = models.PositiveBigIntegerField(_("estimated migration time (seconds)"))
    scanned_at = models.DateTimeField(_("scanned at"))
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scan summary")
        verbose_name_plural = _("scan summaries")

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.files} files, {self.bytes} bytes"


class DiscoveryRecord(models.Model):
    """What we learn in and after the first call; one per engagement."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="discovery")
    user_count = models.PositiveIntegerField(_("number of users"), null=True, blank=True)
    device_count = models.PositiveIntegerField(_("number of devices"), null=True, blank=True)
    mail_provider = models.CharField(_("mail provider"), max_length=100, blank=True)
    mailbox_count = models.PositiveIntegerField(_("number of mailboxes"), null=True, blank=True)
    other_systems = models.TextField(_("other systems"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)])
    expectations = models.TextField(
        _("expectations and goals"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)]
    )
    risks = models.TextField(_("risks"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)])
    out_of_scope = models.TextField(_("out of scope"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("discovery record")
        verbose_name_plural = _("discovery records")

    def __str__(self) -> str:
        return f"{self.engagement_id}"


class FileServer(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="file_servers")
    name = models.CharField(_("name"), max_length=100)
    operating_system = models.CharField(_("operating system"), max_length=100, blank=True)
    shares = models.CharField(_("shares"), max_length=500, blank=True)
    approximate_size_gb = models.PositiveIntegerField(_("approximate size (GB)"), null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(_("age (years)"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("file server")
        verbose_name_plural = _("file servers")

    def __str__(self) -> str:
        return self.name


class ComputerLiteracy(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CustomerUser(models.Model):
    """A person at the customer who will work in Dropbox (the user list of the discovery)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="customer_users")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    department = models.CharField(_("department"), max_length=100, blank=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    operating_system = models.CharField(_("operating system"), max_length=100, blank=True)
    computer_literacy = models.CharField(
        _("computer literacy"),
        max_length=10,
        choices=ComputerLiteracy.choices,
        default=ComputerLiteracy.MEDIUM,
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer user")
        verbose_name_plural = _("customer users")
        constraints = [
            # One person per address, in any letter case: Anna@Kund.se is anna@kund.se.
            models.UniqueConstraint(
                "engagement",
                Lower("email"),
                name="customer_user_email_unique",
                violation_error_message=_("This e-mail is already on the user list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Section(models.TextChoices):
    """How line items are grouped on the quote, in this order."""

    PRE_STUDY = "pre_study", _("Pre-study")
    MIGRATION = "migration", _("Migration")
    LICENCES = "licences", _("Licences")
    INSTALLATION = "installation", _("Installation")
    TRAINING = "training", _("Training")
    SUPPORT = "support", _("Support")
    DECOMMISSIONING = "decommissioning", _("Decommissioning")
    OTHER = "other", _("Other")


class Unit(models.TextChoices):
    PIECE = "piece", _("pc")
    HOUR = "hour", _("h")
    DAY = "day", _("day")
    USER = "user", _("user")
    USER_MONTH = "user_month", _("user/month")
    FIXED = "fixed", _("fixed price")


NOT_NEGATIVE_PRICE = MinValueValidator(ZERO, message=_("A price cannot be negative."))
NOT_NEGATIVE_QUANTITY = MinValueValidator(ZERO, message=_("A quantity cannot be negative."))
DISCOUNT_NOT_NEGATIVE = MinValueValidator(ZERO, message=_("A discount cannot be negative."))
# The validator interpolates its message, so the per cent sign is doubled.
DISCOUNT_AT_MOST_100 = MaxValueValidator(
    HUNDRED, message=_("A discount cannot be more than %(limit_value)s %%.")
)


def _money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[NOT_NEGATIVE_PRICE], **kwargs
    )


def _vat_field():
    return models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )


class CatalogueItem(models.Model):
    """A service we sell at a list price; kept by the admin, copied onto quotes."""

    code = models.SlugField(_("code"), unique=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_price = _money_field(_("unit price (SEK, excl. VAT)"))
    vat_rate = _vat_field()
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("service catalogue item")
        verbose_name_plural = _("service catalogue")

    def __str__(self) -> str:
        # The picker and the suggestion read in the reader's language; a quote line copies
        # `name_in(the customer's language)` when it is added.
        return self.name_in(get_language() or "sv")

    def name_in(self, language: str) -> str:
        return self.name_en if language[:2] == "en" else self.name_sv


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


class Quote(models.Model):
    Status = QuoteStatus

    # What the customer is offered. Once sent, none of these may change (see save()).
    CONTENT_FIELDS = frozenset(
        {
            "engagement",
            "version",
            "valid_until",
            "payment_terms_days",
            "scope_limitations",
            "assumptions",
            "terms",
            "estimated_migration_seconds",
            "duration_override_hours",
            "duration_override_reason",
            "language",
        }
    )

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="quotes")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(_("language"), max_length=2, default="sv")
    valid_until = models.DateField(_("valid until"))
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days net)"), default=30)
    scope_limitations = models.TextField(
        _("scope limitations"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)]
    )
    assumptions = models.TextField(_("assumptions"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)])
    terms = models.TextField(_("terms"), blank=True, validators=[text_limit(LONG_TEXT_LIMIT)])
    # From the scan: bytes / measured throughput. The seller may override it, with a reason.
    estimated_migration_seconds = models.PositiveBigIntegerField(null=True, blank=True)
    duration_override_hours = models.DecimalField(
        _("estimated migration time (hours)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    duration_override_reason = models.CharField(_("reason for the adjustment"), max_length=300, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by_name = models.CharField(_("name"), max_length=200, blank=True)
    answered_from_ip = models.GenericIPAddressField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True, validators=[text_limit(SHORT_TEXT_LIMIT)])
    # The PDF the customer was sent, kept so a sent version is rendered exactly once.
    frozen_pdf = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["engagement", "-version"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "version"], name="quote_version_unique"),
            models.UniqueConstraint(
                fields=["engagement"], condition=Q(status="draft"), name="one_draft_quote_per_engagement"
            ),
            models.CheckConstraint(
                condition=Q(status__in=QuoteStatus.values),
                name="quote_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"

    def save(self, *args, **kwargs):
        # Model-level protection: a version that left the house is never rewritten, whoever
        # calls save(). Status and answer fields may still change (sent -> accepted ...).
        loaded = getattr(self, "_loaded_status", None)
        if loaded is not None and loaded != self.Status.DRAFT:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or self.CONTENT_FIELDS & set(update_fields):
                raise FrozenQuoteError(
                    _("Version %(version)s has been sent and cannot be changed; make a new version.")
                    % {"version": self.version}
                )
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def number(self) -> str:
        return self.engagement.reference

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def pdf_filename(self) -> str:
        return f"Offert-{self.number}-v{self.version}.pdf"


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices, default=Section.OTHER)
    position = models.PositiveSmallIntegerField(default=0)
    catalogue_item = models.ForeignKey(
        CatalogueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[NOT_NEGATIVE_QUANTITY]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.PIECE)
    unit_price = _money_field(_("unit price"))
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[DISCOUNT_NOT_NEGATIVE, DISCOUNT_AT_MOST_100],
    )
    vat_rate = _vat_field()

    class Meta:
        ordering = ["quote", "position", "pk"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="quote_line_quantity_not_negative"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="quote_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0) & Q(discount_percent__lte=100),
                name="quote_line_discount_is_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self) -> None:
        # Read the status fresh: the caller's copy of the quote may be stale.
        quote_status = Quote.objects.filter(pk=self.quote_id).values_list("status", flat=True).first()
        if quote_status is not None and quote_status != Quote.Status.DRAFT:
            raise FrozenQuoteError(_("This version has been sent; its lines cannot be changed."))


class OfflineAcceptanceChannel(models.TextChoices):
    EMAIL = "email", _("By e-mail (a signed copy returned)")
    PAPER = "paper", _("On paper (by post or by hand)")
    OTHER = "other", _("Another way (say how in the note)")


class OfflineAcceptance(models.Model):
    """A customer's acceptance that reached us outside the status page — a signed PDF returned by
    e-mail, a signed paper by post — recorded by sales or a coordinator.

    The quote carries who accepted and when (`answered_by_name`, `answered_at`) like any
    acceptance; this row keeps how it came, the evidence (a signed copy, a note, or both) and
    who recorded it. The signed copy is kept in the database like the frozen PDF: it is served
    only to staff, through a view, and every machine running the app sees it.
    """

    Channel = OfflineAcceptanceChannel

    quote = models.OneToOneField(Quote, on_delete=models.CASCADE, related_name="offline_acceptance")
    channel = models.CharField(_("how it came"), max_length=10, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True, validators=[text_limit(SHORT_TEXT_LIMIT)])
    signed_copy = models.BinaryField(null=True, blank=True, editable=False)
    signed_copy_name = models.CharField(_("signed copy"), max_length=200, blank=True)
    signed_copy_type = models.CharField(max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance on paper or by e-mail")
        verbose_name_plural = _("acceptances on paper or by e-mail")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=OfflineAcceptanceChannel.values),
                name="offline_acceptance_channel_is_known",
            ),
            models.CheckConstraint(
                condition=~Q(signed_copy_name="") | ~Q(note=""), name="offline_acceptance_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote} ({self.channel})"
