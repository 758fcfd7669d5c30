"""The SIE 4 export parses back and every #VER balances to zero."""

import re
import shlex
from decimal import Decimal

import pytest

from invoicing.models import Invoice
from invoicing.services import credit_issue, invoice_issue_advance
from invoicing.sie import sie_export

pytestmark = pytest.mark.django_db


def parse_sie(data: bytes) -> dict:
    """A small SIE 4 reader: labels and their fields, and each #VER with its #TRANS rows."""
    text = data.decode("cp437")
    labels: dict[str, list[list[str]]] = {}
    vouchers = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "{":
            continue
        if line == "}":
            vouchers.append(current)
            current = None
            continue
        label, _, rest = line.partition(" ")
        if label == "#TRANS":
            match = re.fullmatch(r"(\d{4}) \{\} (-?\d+\.\d{2})", rest)
            assert match, line
            current["trans"].append((match.group(1), Decimal(match.group(2))))
            continue
        fields = shlex.split(rest, posix=True)
        if label == "#VER":
            current = {"fields": fields, "trans": []}
            continue
        labels.setdefault(label, []).append(fields)
    return {"labels": labels, "vouchers": vouchers}


def test_the_export_parses_and_every_voucher_balances(quoted, sales, settings):
    credit_issue(customer=quoted.customer, amount=Decimal("1000"), reason="Residual value", user=sales)
    invoice = invoice_issue_advance(engagement=quoted, user=sales, credit=Decimal("1000"))
    data = sie_export(invoices=Invoice.objects.all())
    parsed = parse_sie(data)
    labels = parsed["labels"]
    assert labels["#FLAGGA"] == [["0"]]
    assert labels["#FORMAT"] == [["PC8"]]
    assert labels["#SIETYP"] == [["4"]]
    assert labels["#FNAMN"] == [["Macforum AB"]]
    assert labels["#ORGNR"] == [["556712-3459"]]
    assert "#GEN" in labels and "#PROGRAM" in labels
    accounts = {fields[0] for fields in labels["#KONTO"]}
    assert {"1510", "3001", "2611", "2421"} <= accounts
    [voucher] = parsed["vouchers"]
    assert voucher["fields"][:2] == ["F", str(invoice.number)]
    assert sum(amount for _, amount in voucher["trans"]) == 0
    by_account = dict(voucher["trans"])
    assert by_account["1510"] == invoice.total - Decimal("1000")
    assert by_account["2421"] == Decimal("1000.00")
    assert by_account["3001"] == -invoice.subtotal
    assert by_account["2611"] == -invoice.vat_total
    # Every account a #TRANS uses is declared.
    assert {account for account, _ in voucher["trans"]} <= accounts
    # Code page 437: the Å of the customer's name is byte 0x8F.
    assert "Åkesson".encode("cp437") in data


def test_the_accounts_follow_the_setting(quoted, sales, settings):
    settings.INVOICING_SIE_ACCOUNTS = {
        **settings.INVOICING_SIE_ACCOUNTS,
        "revenue_25": "3041",
        "receivables": "1511",
    }
    invoice_issue_advance(engagement=quoted, user=sales)
    [voucher] = parse_sie(sie_export(invoices=Invoice.objects.all()))["vouchers"]
    assert {account for account, _ in voucher["trans"]} >= {"3041", "1511"}
    assert sum(amount for _, amount in voucher["trans"]) == 0
