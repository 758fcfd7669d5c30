"""CSV files a spreadsheet may open: every CSV the app writes goes through `csv_writer` (or `csv_cell`).

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` as a formula,
and a leading tab or carriage return can hide such a start from the eye while the program still
sees it (OWASP, "CSV Injection"). A file on a customer's share named `=HYPERLINK("http://x","y")`
would become a live link in the exceptions report, which is written for Excel. So:

1. Control characters are dropped from text: C0 except tab, line feed and carriage return (which a
   quoted CSV field carries as they are), DEL and C1. They mean nothing in a spreadsheet and some
   programs stop reading a cell, or the file, at one. They are dropped first, so "\\x01=1" is
   neutralised as "=1" would be.
2. Text that then begins with `=`, `+`, `-`, `@`, tab or carriage return (or their full-width forms,
   which some spreadsheet locales also read as operators) gets a leading single quote `'`: the
   spreadsheet shows the text as it is, and a person sees the quote.
3. The cell's *type* decides what is a number: an `int`, `float` or `Decimal` our own code computed
   (a size, a count, an amount, negative or not) is written as the number it is. Text is always
   text, even "-5": a file named "-5" is a name, and it is written as `'-5`.
"""

import csv
from decimal import Decimal
from typing import Any, Protocol

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL_CHARACTERS = {
    code: None for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(code) not in "\t\n\r"
}


def csv_cell(value: Any) -> Any:
    """`value` as it may go into a CSV cell (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value).translate(_CONTROL_CHARACTERS)
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through `csv_cell`."""

    def __init__(self, handle: _Writable, **format_options: Any):
        self._writer = csv.writer(handle, **format_options)

    def writerow(self, row) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: _Writable, **format_options: Any) -> SafeCsvWriter:
    """The one way the app writes CSV: `csv_writer(handle).writerow([...])`."""
    return SafeCsvWriter(handle, **format_options)
