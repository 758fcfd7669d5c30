"""Money on quotes: SEK in `Decimal`, never floats.

The rule, as on a Swedish invoice:

1. Each line: quantity × unit price, less the line's discount, rounded to whole öre
   (two decimals) with ROUND_HALF_UP. That rounded amount is what the line shows.
2. Subtotal: the sum of the rounded line amounts, excluding VAT.
3. VAT (moms) per rate: the sum of the line amounts at that rate × the rate, rounded to öre
   with ROUND_HALF_UP, once per rate (not per line), and shown per rate.
4. Total exact: subtotal + VAT of every rate, to the öre.
5. Öresavrundning: the amount to pay is the exact total rounded to whole kronor, 50 öre and
   up rounding up (ROUND_HALF_UP); the difference is shown as its own line ("Öresavrundning").
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
KRONA = Decimal("1")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")


def to_ore(amount: Decimal) -> Decimal:
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def line_amount(*, quantity: Decimal, unit_price: Decimal, discount_percent: Decimal = ZERO) -> Decimal:
    """Step 1 of the rule: the line's amount excluding VAT, rounded to öre."""
    gross = Decimal(quantity) * Decimal(unit_price)
    return to_ore(gross * (HUNDRED - Decimal(discount_percent)) / HUNDRED)


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    vat: list[VatLine] = field(default_factory=list)
    vat_total: Decimal = ZERO
    total_exact: Decimal = ZERO
    rounding: Decimal = ZERO
    total: Decimal = ZERO


def quote_totals(lines: Iterable) -> Totals:
    """Steps 2-5 for objects with quantity, unit_price, discount_percent and vat_rate."""
    subtotal = ZERO
    base_by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        amount = line_amount(
            quantity=line.quantity, unit_price=line.unit_price, discount_percent=line.discount_percent
        )
        subtotal += amount
        rate = Decimal(line.vat_rate).normalize()
        base_by_rate[rate] = base_by_rate.get(rate, ZERO) + amount
    vat = [
        VatLine(rate=rate, base=base, amount=to_ore(base * rate / HUNDRED))
        for rate, base in sorted(base_by_rate.items(), reverse=True)
    ]
    vat_total = sum((v.amount for v in vat), ZERO)
    total_exact = subtotal + vat_total
    total = total_exact.quantize(KRONA, rounding=ROUND_HALF_UP).quantize(ORE)
    return Totals(
        subtotal=subtotal,
        vat=vat,
        vat_total=vat_total,
        total_exact=total_exact,
        rounding=total - total_exact,
        total=total,
    )


# An amount never wraps on a narrow screen: a no-break space (U+00A0) between the thousands and
# between the number and its currency, as Swedish typesetting writes `12 500,00 kr`.
NO_BREAK_SPACE = "\u00a0"


def format_sek(amount: Decimal | None, language: str = "sv") -> str:
    """`12 500,00 kr` in Swedish, `SEK 12,500.00` in English, every space a no-break space.
    Amounts are shown to the öre."""
    if amount is None:
        return ""
    amount = to_ore(Decimal(amount))
    sign = "−" if amount < 0 else ""
    whole, fraction = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    if language == "en":
        return f"{sign}SEK{NO_BREAK_SPACE}{','.join(groups)}.{fraction}"
    return f"{sign}{NO_BREAK_SPACE.join(groups)},{fraction}{NO_BREAK_SPACE}kr"


def format_decimal(value: Decimal | None, language: str = "sv") -> str:
    """A quantity or a percentage without trailing zeros: `2,5` in Swedish, `2.5` in English."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",") if language != "en" else text
