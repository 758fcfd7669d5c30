"""The one CSV writer: cells a spreadsheet would run as a formula are neutralised, control characters
dropped, numbers our code computed kept as numbers."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from engagements.csv_safe import csv_cell, csv_writer


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+46 8 120 300 40", "'+46 8 120 300 40"),
        ("-2+3", "'-2+3"),
        ("-5", "'-5"),  # text is text, even when it looks like a number: a file named "-5"
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("Docs/=evil.xlsx", "Docs/=evil.xlsx"),  # a formula sign inside a cell is harmless
        ("Rapport 2026.docx", "Rapport 2026.docx"),
        ("", ""),
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_quote(value, written):
    assert csv_cell(value) == written


def test_control_characters_are_dropped_and_tab_and_line_breaks_inside_a_cell_kept():
    assert csv_cell("ctrl\x01na\x1bme\x7f\x85\x9f.txt") == "ctrlname.txt"
    assert csv_cell("first line\nsecond\r\nthird\tcolumn") == "first line\nsecond\r\nthird\tcolumn"
    assert csv_cell("\x00\x01=1+1") == "'=1+1", "dropped first, so the formula behind them is still caught"
    assert csv_cell("\x0b\x0c") == ""


def test_numbers_our_code_computed_stay_numbers_even_negative_ones():
    assert csv_cell(-1250) == -1250
    assert csv_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert csv_cell(3.5) == 3.5
    assert csv_cell(None) == ""
    assert csv_cell(True) == "True"


def test_the_writer_writes_safe_cells_that_read_back_as_written():
    buffer = io.StringIO()
    csv_writer(buffer).writerows([["=1+1", -3, "a\x07b", "line\nbreak"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [
        ["'=1+1", "-3", "ab", "line\nbreak"]
    ]


def test_no_module_of_the_app_writes_csv_past_the_safe_writer():
    """Every CSV the app writes goes through engagements.csv_safe: a bare csv.writer or DictWriter
    anywhere else would write formula cells as they are."""
    root = Path(settings.BASE_DIR)
    bare = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "tests", "bench", "node_modules", "var"} or relative == Path(
            "engagements/csv_safe.py"
        ):
            continue
        if bare.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(str(relative))
    assert offenders == []
