"""Issuing invoices from the accepted quote's payment plan.

The quote's terms promise "50 % when the quote is accepted, 50 % when the migration is done" and
"the final invoice never exceeds the quoted amount". The plan is not stored per quote: the share at
acceptance is the setting INVOICING_SHARE_AT_ACCEPTANCE (per cent, default 50), the same words the
default terms print; the final invoice takes the rest of the quote plus the approved change orders
not yet invoiced, and is issued only once migration's own check says the bulk migration is verified.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.quotes.money import format_decimal, format_sek, quote_totals, to_ore
from engagements.services import audit_log
from invoicing.models import ChangeOrder, Invoice, InvoiceLine, InvoiceNumberSeries, InvoicingAccount
from invoicing.ocr import ocr_reference
from invoicing.selectors import accepted_quote_of, credit_balance, invoiced_net, invoicing_ceiling
from invoicing.services.credit import credit_use
from migration.guards import rollout_needs_a_verified_bulk

HUNDRED = Decimal("100")
ZERO = Decimal("0.00")
SERIES = "invoice"


class InvoiceError(DomainError):
    pass


class InvoiceAboveCeilingError(InvoiceError):
    """The invoice would take the engagement's invoiced total above the quote plus approved changes."""


@dataclass(frozen=True)
class NewLine:
    description: str
    amount: Decimal
    vat_rate: Decimal
    change_order: ChangeOrder | None = None


def invoice_number_next() -> int:
    """The next number of the one invoice series, under a row lock held until the caller's
    transaction ends: a rolled-back invoice gives its number back, and two invoices issued at once
    take consecutive numbers (never the same, never one skipped)."""
    InvoiceNumberSeries.objects.get_or_create(name=SERIES)
    series = InvoiceNumberSeries.objects.select_for_update().get(name=SERIES)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def _lock_account(engagement: Engagement) -> None:
    InvoicingAccount.objects.get_or_create(engagement=engagement)
    InvoicingAccount.objects.select_for_update().get(engagement=engagement)


@transaction.atomic
def invoice_issue(
    *,
    engagement: Engagement,
    kind: str,
    lines: list[NewLine],
    user: AbstractBaseUser | None,
    credit: Decimal = ZERO,
) -> Invoice:
    """Issue one invoice. Every invoice of the app is made here.

    1. Lock the engagement's invoicing account, so invoices of one engagement are issued one at a time.
    2. Refuse an invoice without an accepted quote, without lines, or that would take the invoiced
       total (excl. VAT) above the quote plus the approved change orders.
    3. Take the next number of the series (locked, gap-free), its OCR reference and the due date
       from the quote's payment terms.
    4. Save it with its running total and ceiling (the database checks them again), apply store
       credit as a "used" entry of the ledger, render and freeze the PDF in the customer's language.
    5. After commit, e-mail it to the customer's contacts.
    """
    from invoicing.pdf import invoice_pdf_render
    from invoicing.tasks import invoice_notify_customer

    _lock_account(engagement)
    quote = accepted_quote_of(engagement=engagement)
    if quote is None:
        raise InvoiceError(_("There is no accepted quote to invoice from."))
    lines = [line for line in lines if line.amount]
    if not lines:
        raise InvoiceError(_("There is nothing left to invoice."))
    drafts = [
        InvoiceLine(
            position=i,
            description=ln.description[:300],
            amount=to_ore(ln.amount),
            vat_rate=ln.vat_rate,
            change_order=ln.change_order,
        )
        for i, ln in enumerate(lines)
    ]
    totals = quote_totals(drafts)
    ceiling = to_ore(invoicing_ceiling(engagement=engagement))
    cumulative = to_ore(invoiced_net(engagement=engagement) + totals.subtotal)
    if cumulative > ceiling:
        language = (translation.get_language() or "sv")[:2]
        raise InvoiceAboveCeilingError(
            _(
                "This invoice would take the invoiced total to %(cumulative)s excl. VAT, above the "
                "quote plus approved change orders (%(ceiling)s). The final invoice never exceeds the "
                "quoted amount; extra work needs a change order the customer approves first."
            )
            % {"cumulative": format_sek(cumulative, language), "ceiling": format_sek(ceiling, language)}
        )
    credit = to_ore(Decimal(credit or 0))
    if credit < 0 or credit > totals.total:
        raise InvoiceError(_("The store credit applied must be between zero and the invoice's total."))
    if credit > credit_balance(customer=engagement.customer):
        raise InvoiceError(_("The customer does not have that much store credit."))

    number = invoice_number_next()
    now = timezone.now()
    invoice = Invoice(
        engagement=engagement,
        number=number,
        kind=kind,
        ocr_reference=ocr_reference(number, length_digit=settings.INVOICING_OCR_LENGTH_DIGIT),
        language=engagement.customer.language,
        issued_at=now,
        due_date=timezone.localdate(now) + timedelta(days=quote.payment_terms_days),
        subtotal=totals.subtotal,
        vat_total=totals.vat_total,
        rounding=totals.rounding,
        total=totals.total,
        credit_applied=credit,
        cumulative_net=cumulative,
        ceiling=ceiling,
        quote=quote,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    invoice.full_clean()
    invoice.save()
    for line in drafts:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(drafts)
    if credit:
        with translation.override(invoice.language):
            reason = _("Applied to invoice %(number)s") % {"number": number}
        credit_use(
            customer=engagement.customer,
            amount=credit,
            reason=reason,
            user=user,
            engagement=engagement,
            invoice=invoice,
        )
    invoice.frozen_pdf = invoice_pdf_render(invoice=invoice)
    invoice.save(update_fields=["frozen_pdf"])
    audit_log(
        action="invoice.issued",
        user=user,
        engagement=engagement,
        details={"number": number, "kind": kind, "total": str(totals.total), "credit": str(credit)},
    )
    invoice_notify_customer.delay_on_commit(invoice.pk)
    return invoice


def _quote_base_by_rate(quote) -> dict[Decimal, Decimal]:
    return {vat.rate: vat.base for vat in quote_totals(quote.lines.all()).vat}


@transaction.atomic
def invoice_issue_advance(
    *, engagement: Engagement, user: AbstractBaseUser | None, credit: Decimal = ZERO
) -> Invoice:
    """The share at acceptance: INVOICING_SHARE_AT_ACCEPTANCE per cent of the quote, one line per VAT rate."""
    quote = accepted_quote_of(engagement=engagement)
    if quote is None:
        raise InvoiceError(_("There is no accepted quote to invoice from."))
    if Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.ADVANCE).exists():
        raise InvoiceError(_("The invoice at acceptance has already been issued."))
    share = Decimal(settings.INVOICING_SHARE_AT_ACCEPTANCE)
    language = engagement.customer.language
    lines = []
    with translation.override(language):
        for rate, base in _quote_base_by_rate(quote).items():
            lines.append(
                NewLine(
                    description=_(
                        "%(share)s %% of the fixed price, quote %(number)s v%(version)s, at acceptance"
                    )
                    % {
                        "share": format_decimal(share, language),
                        "number": quote.number,
                        "version": quote.version,
                    },
                    amount=to_ore(base * share / HUNDRED),
                    vat_rate=rate,
                )
            )
    return invoice_issue(
        engagement=engagement, kind=Invoice.Kind.ADVANCE, lines=lines, user=user, credit=credit
    )


def final_invoice_refusal(engagement: Engagement) -> str | None:
    """Why the final invoice may not be issued yet, or None."""
    if accepted_quote_of(engagement=engagement) is None:
        return _("There is no accepted quote to invoice from.")
    if Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.FINAL).exists():
        return _("The final invoice has already been issued.")
    if rollout_needs_a_verified_bulk(engagement) is not None:
        return _("The rest is invoiced when the migration is verified; it is not verified yet.")
    return None


@transaction.atomic
def invoice_issue_final(
    *, engagement: Engagement, user: AbstractBaseUser | None, credit: Decimal = ZERO
) -> Invoice:
    """The rest of the quote, per VAT rate, and each approved change order not yet invoiced."""
    _lock_account(engagement)
    refusal = final_invoice_refusal(engagement)
    if refusal:
        raise InvoiceError(refusal)
    quote = accepted_quote_of(engagement=engagement)
    language = engagement.customer.language
    already = dict(
        InvoiceLine.objects.filter(invoice__engagement=engagement, change_order__isnull=True)
        .values_list("vat_rate")
        .annotate(total=Sum("amount"))
    )
    already = {Decimal(rate).normalize(): total for rate, total in already.items()}
    lines = []
    with translation.override(language):
        for rate, base in _quote_base_by_rate(quote).items():
            lines.append(
                NewLine(
                    description=_(
                        "Rest of the fixed price, quote %(number)s v%(version)s, migration verified"
                    )
                    % {"number": quote.number, "version": quote.version},
                    amount=base - already.get(rate, ZERO),
                    vat_rate=rate,
                )
            )
        for order in ChangeOrder.objects.filter(
            engagement=engagement, status=ChangeOrder.Status.APPROVED, invoice_lines__isnull=True
        ).order_by("number"):
            lines.append(
                NewLine(
                    description=_("Change order %(number)s: %(description)s")
                    % {"number": order.number, "description": order.description},
                    amount=order.amount,
                    vat_rate=order.vat_rate,
                    change_order=order,
                )
            )
    return invoice_issue(
        engagement=engagement, kind=Invoice.Kind.FINAL, lines=lines, user=user, credit=credit
    )
