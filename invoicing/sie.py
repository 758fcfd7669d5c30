"""The invoices as an SIE 4 file for the accounting system (SIE-gruppen's format 4B).

One #VER per invoice, its #TRANS rows summing to zero:
  debit  receivables (1510)      the amount to pay
  debit  store credit (2421)     the store credit applied, if any
  credit revenue (3001–3004)     the amount excl. VAT, per VAT rate
  credit output VAT (2611/2621/2631) per VAT rate
  credit/debit rounding (3740)   öresavrundning
The accounts are the setting INVOICING_SIE_ACCOUNTS. The file is written in code page 437
(#FORMAT PC8), as the format prescribes.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from engagements.quotes.money import quote_totals
from invoicing.models import Invoice

ENCODING = "cp437"
ACCOUNT_NAMES = {
    "receivables": "Kundfordringar",
    "revenue_25": "Försäljning tjänster 25 % moms",
    "revenue_12": "Försäljning tjänster 12 % moms",
    "revenue_6": "Försäljning tjänster 6 % moms",
    "revenue_0": "Försäljning tjänster momsfri",
    "vat_25": "Utgående moms 25 %",
    "vat_12": "Utgående moms 12 %",
    "vat_6": "Utgående moms 6 %",
    "store_credit": "Tillgodohavanden kunder",
    "rounding": "Öres- och kronutjämning",
}


def _quoted(text: str) -> str:
    """A field in quotes, as SIE writes text: quotes and backslashes escaped, no line breaks, and
    characters code page 437 cannot hold replaced."""
    text = " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.encode(ENCODING, errors="replace").decode(ENCODING) + '"'


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _rate_key(rate: Decimal) -> str:
    return f"{Decimal(rate).normalize():f}".split(".")[0]


def _transactions(invoice: Invoice, accounts: dict[str, str]) -> list[tuple[str, Decimal]]:
    lines = list(invoice.lines.all())
    totals = quote_totals(lines)
    rows = [(accounts["receivables"], invoice.total - invoice.credit_applied)]
    if invoice.credit_applied:
        rows.append((accounts["store_credit"], invoice.credit_applied))
    for vat in totals.vat:
        key = _rate_key(vat.rate)
        rows.append((accounts.get(f"revenue_{key}", accounts["revenue_25"]), -vat.base))
        if vat.amount:
            rows.append((accounts.get(f"vat_{key}", accounts["vat_25"]), -vat.amount))
    if totals.rounding:
        rows.append((accounts["rounding"], -totals.rounding))
    return rows


def sie_export(*, invoices: Iterable[Invoice], generated: date | None = None) -> bytes:
    """The SIE 4 file of `invoices`, as bytes in code page 437."""
    accounts = dict(settings.INVOICING_SIE_ACCOUNTS)
    company = settings.QUOTE_COMPANY
    generated = generated or timezone.localdate()
    invoices = list(invoices)
    out = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "Macforum Projects" "1.0"',
        f"#GEN {generated:%Y%m%d}",
        f"#FNAMN {_quoted(company['name'])}",
        f"#ORGNR {company['organisation_number']}",
        "#VALUTA SEK",
    ]
    if invoices:
        years = sorted({timezone.localdate(i.issued_at).year for i in invoices})
        out.append(f"#RAR 0 {years[-1]}0101 {years[-1]}1231")
    for key, account in sorted(accounts.items(), key=lambda item: item[1]):
        out.append(f"#KONTO {account} {_quoted(ACCOUNT_NAMES.get(key, key))}")
    for invoice in invoices:
        day = timezone.localdate(invoice.issued_at)
        text = f"Faktura {invoice.number} {invoice.engagement.customer.name}"
        out.append(f'#VER "F" {invoice.number} {day:%Y%m%d} {_quoted(text)}')
        out.append("{")
        for account, amount in _transactions(invoice, accounts):
            out.append(f"   #TRANS {account} {{}} {_amount(amount)}")
        out.append("}")
    return ("\r\n".join(out) + "\r\n").encode(ENCODING, errors="replace")


def invoices_for_export(*, year: int | None = None):
    invoices = (
        Invoice.objects.select_related("engagement__customer").prefetch_related("lines").defer("frozen_pdf")
    )
    if year:
        invoices = invoices.filter(issued_at__year=year)
    return invoices.order_by("number")
