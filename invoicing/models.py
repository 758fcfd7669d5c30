"""Invoices from the quote's payment plan, change orders, the store-credit ledger and the
reconciliation against the fixed price.

Money is `Decimal` in SEK throughout; the arithmetic is engagements.quotes.money's. Two rules the
database holds as well as the services:

- The store-credit ledger is append-only: an entry is never changed or deleted (`CreditEntry.save`
  and `delete` refuse, and so does the queryset's `update`/`delete`); a correction is a new entry.
- An invoice never takes an engagement's invoiced total (excluding VAT) above the quote plus the
  approved change orders. Each invoice stores the running total of its engagement's invoices
  (`cumulative_net`, this one included) and the ceiling it was issued under (`ceiling`), and a
  CHECK constraint holds `cumulative_net <= ceiling`. The service computes both under a lock on the
  engagement's invoicing account row, so two invoices issued at once see each other's totals.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from engagements.errors import DomainError
from engagements.models import Customer, Engagement

ZERO = Decimal("0.00")


class LedgerIsAppendOnlyError(DomainError):
    """A ledger entry was about to be changed or deleted."""


class CreditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnlyError(_("Store-credit entries are never changed; add a correction instead."))

    def delete(self):
        raise LedgerIsAppendOnlyError(_("Store-credit entries are never deleted; add a correction instead."))


class CreditKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    USED = "used", _("Used")
    EXPIRED = "expired", _("Expired")
    CORRECTION = "correction", _("Correction")


class CreditEntry(models.Model):
    """One line of a customer's store credit at Macforum. The balance is the sum of `amount`
    (issued positive, used and expired negative, a correction either way); it is never stored."""

    Kind = CreditKind

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="credit_entries")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="credit_entries", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    invoice = models.ForeignKey(
        "Invoice", on_delete=models.PROTECT, related_name="credit_entries", null=True, blank=True
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="corrections", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("store-credit entry")
        verbose_name_plural = _("store-credit ledger")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CreditKind.values), name="credit_entry_kind_is_known"
            ),
            models.CheckConstraint(
                condition=(Q(kind="issued") & Q(amount__gt=0))
                | (Q(kind__in=["used", "expired"]) & Q(amount__lt=0))
                | (Q(kind="correction") & ~Q(amount=0)),
                name="credit_entry_sign_follows_kind",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="credit_entry_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnlyError(
                _("Store-credit entries are never changed; add a correction instead.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnlyError(_("Store-credit entries are never deleted; add a correction instead."))


class InvoiceNumberSeries(models.Model):
    """The last invoice number handed out. One row; locked with select_for_update while an
    invoice is issued, so the series has no gaps and no repeats (Bokföringslagen wants a
    continuous series)."""

    name = models.CharField(max_length=20, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_number}"


class InvoicingAccount(models.Model):
    """Per engagement: the row an invoice issue locks, so two invoices of one engagement are
    issued one after the other and each sees the other's running total."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="invoicing_account")

    def __str__(self) -> str:
        return str(self.engagement_id)


class InvoiceKind(models.TextChoices):
    ADVANCE = "advance", _("At acceptance")
    FINAL = "final", _("Final invoice")
    OTHER = "other", _("Other agreed work")


class Invoice(models.Model):
    Kind = InvoiceKind

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="invoices")
    number = models.PositiveIntegerField(_("invoice number"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ocr_reference = models.CharField(_("OCR reference"), max_length=25, unique=True)
    language = models.CharField(_("language"), max_length=2, default="sv")
    issued_at = models.DateTimeField(_("issued"))
    due_date = models.DateField(_("due date"))
    subtotal = models.DecimalField(_("amount excl. VAT"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    rounding = models.DecimalField(_("rounding"), max_digits=4, decimal_places=2, default=ZERO)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    credit_applied = models.DecimalField(
        _("store credit applied"), max_digits=12, decimal_places=2, default=ZERO
    )
    # The running total (excl. VAT) of the engagement's invoices up to and including this one, and
    # the quote plus approved change orders when it was issued: the database refuses a row whose
    # running total is above its ceiling.
    cumulative_net = models.DecimalField(max_digits=12, decimal_places=2, editable=False)
    ceiling = models.DecimalField(max_digits=12, decimal_places=2, editable=False)
    quote = models.ForeignKey(
        "quotes.Quote", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    frozen_pdf = models.BinaryField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.CheckConstraint(
                condition=Q(cumulative_net__lte=F("ceiling")), name="invoice_total_within_quote_and_changes"
            ),
            models.CheckConstraint(condition=Q(subtotal__gte=0), name="invoice_subtotal_not_negative"),
            models.CheckConstraint(
                condition=Q(cumulative_net__gte=F("subtotal")), name="invoice_cumulative_covers_itself"
            ),
            models.CheckConstraint(
                condition=Q(credit_applied__gte=0) & Q(credit_applied__lte=F("total")),
                name="invoice_credit_within_total",
            ),
            models.CheckConstraint(condition=Q(kind__in=InvoiceKind.values), name="invoice_kind_is_known"),
            models.UniqueConstraint(
                fields=["engagement", "kind"],
                condition=Q(kind__in=["advance", "final"]),
                name="one_advance_and_one_final_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def amount_due(self) -> Decimal:
        return self.total - self.credit_applied

    @property
    def pdf_filename(self) -> str:
        return f"Faktura-{self.number}.pdf"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount excl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    change_order = models.ForeignKey(
        "ChangeOrder", on_delete=models.PROTECT, related_name="invoice_lines", null=True, blank=True
    )

    class Meta:
        ordering = ["invoice", "position", "pk"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return self.description

    # quote_totals() reads lines as quantity × unit price less discount.
    quantity = Decimal("1")
    discount_percent = ZERO

    @property
    def unit_price(self) -> Decimal:
        return self.amount


class ChangeOrderStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the customer")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeOrder(models.Model):
    """Extra work outside the quote's scope, approved by the customer on the status page like a
    quote (name, time, IP). An approved change order raises the invoicing ceiling."""

    Status = ChangeOrderStatus

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="change_orders")
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("description"), max_length=2000)
    amount = models.DecimalField(
        _("price excl. VAT (SEK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=_("A change order costs something."))],
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by_name = models.CharField(_("name"), max_length=200, blank=True)
    answered_from_ip = models.GenericIPAddressField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        ordering = ["engagement", "number"]
        verbose_name = _("change order")
        verbose_name_plural = _("change orders")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="change_order_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="change_order_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=ChangeOrderStatus.values), name="change_order_status_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"ÄTA {self.number}"


class Reconciliation(models.Model):
    """The meeting with the customer at the end: the figures side by side (computed, see
    invoicing.selectors.reconciliation_figures), the meeting's notes and outcome, and when it was
    marked done. The PDF sent to the customer is frozen when it is marked done."""

    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="reconciliation")
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    notes = models.TextField(_("meeting notes"), blank=True, max_length=10_000)
    outcome = models.TextField(_("outcome"), blank=True, max_length=2_000)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The figures as they stood when it was marked done, and the PDF the customer was sent.
    figures = models.JSONField(default=dict, blank=True, editable=False)
    frozen_pdf = models.BinaryField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")

    def __str__(self) -> str:
        return f"{self.engagement_id}"
