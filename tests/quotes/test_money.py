from dataclasses import dataclass
from decimal import Decimal as D

from engagements.quotes.money import format_sek, line_amount, quote_totals


@dataclass
class Line:
    quantity: D
    unit_price: D
    discount_percent: D = D("0")
    vat_rate: D = D("25")


def test_line_amount_is_rounded_to_ore_half_up():
    # 3 × 33,335 = 100,005 → 100,01 (half up, not banker's 100,00)
    assert line_amount(quantity=D("3"), unit_price=D("33.335")) == D("100.01")
    # 18 × 650 less 12,5 % = 10 237,50
    assert line_amount(quantity=D("18"), unit_price=D("650"), discount_percent=D("12.5")) == D("10237.50")
    assert line_amount(quantity=D("1"), unit_price=D("999"), discount_percent=D("100")) == D("0.00")


def test_vat_is_computed_per_rate_on_the_sum_and_shown_separately():
    totals = quote_totals(
        [
            Line(D("1"), D("0.05")),  # 25 % of 0,05 is 0,0125 per line; on the sum it is not lost
            Line(D("1"), D("0.05")),
            Line(D("2"), D("100"), vat_rate=D("6")),
        ]
    )
    assert totals.subtotal == D("200.10")
    assert [(v.rate, v.base, v.amount) for v in totals.vat] == [
        (D("25"), D("0.10"), D("0.03")),
        (D("6"), D("200.00"), D("12.00")),
    ]
    assert totals.vat_total == D("12.03")


def test_total_is_rounded_to_whole_kronor_with_the_rounding_as_its_own_line():
    totals = quote_totals([Line(D("2.5"), D("1150.33")), Line(D("1"), D("8500"))])
    # 2 875,825 → 2 875,83; + 8 500 = 11 375,83; moms 2 843,9575 → 2 843,96; 14 219,79 → 14 220
    assert totals.subtotal == D("11375.83")
    assert totals.vat_total == D("2843.96")
    assert totals.total_exact == D("14219.79")
    assert totals.rounding == D("0.21")
    assert totals.total == D("14220.00")


def test_fifty_ore_rounds_up():
    totals = quote_totals([Line(D("1"), D("0.40"))])  # 0,40 + 0,10 moms = 0,50 → 1 kr
    assert totals.total == D("1.00")
    assert totals.rounding == D("0.50")


def test_money_is_formatted_by_language():
    # Every space in an amount is a no-break space (U+00A0): a phone never wraps inside a number.
    assert format_sek(D("12500"), "sv") == "12\u00a0500,00\u00a0kr"
    assert format_sek(D("1234567.891"), "sv") == "1\u00a0234\u00a0567,89\u00a0kr"
    assert format_sek(D("12500"), "en") == "SEK\u00a012,500.00"
    assert format_sek(D("-0.34"), "sv") == "−0,34\u00a0kr"
    assert format_sek(D("0"), "sv") == "0,00\u00a0kr"


def test_an_amount_has_no_space_it_could_wrap_at():
    assert " " not in format_sek(D("8500"), "sv")
    assert " " not in format_sek(D("8500"), "en")
