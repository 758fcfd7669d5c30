"""Reading a user list from CSV, row by row, so the preview can show every row's errors.

Excel in Sweden writes semicolons and cp1252; others write commas and UTF-8; "Unicode text" is
UTF-16 with a byte-order mark, and Excel for Mac's "CSV (Macintosh)" ends its lines with a bare CR.
All of these are read. Headers may be English (name, email, ...) or Swedish (namn, e-post, ...).
"""

import codecs
import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from engagements.quotes.models import ComputerLiteracy, CustomerUser

HEADER_ALIASES = {
    "name": "name",
    "namn": "name",
    "email": "email",
    "e-mail": "email",
    "e-post": "email",
    "epost": "email",
    "department": "department",
    "avdelning": "department",
    "device": "device",
    "enhet": "device",
    "dator": "device",
    "operating_system": "operating_system",
    "os": "operating_system",
    "operativsystem": "operating_system",
    "computer_literacy": "computer_literacy",
    "datorvana": "computer_literacy",
}
LITERACY_ALIASES = {
    "low": ComputerLiteracy.LOW,
    "låg": ComputerLiteracy.LOW,
    "medium": ComputerLiteracy.MEDIUM,
    "medel": ComputerLiteracy.MEDIUM,
    "high": ComputerLiteracy.HIGH,
    "hög": ComputerLiteracy.HIGH,
}
MAX_ROWS = 2000
# csv's own limit (131,072 characters a cell) is far above any real name or e-mail address.
MAX_CELL_CHARS = csv.field_size_limit()

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UnreadableFile(ValueError):
    """The bytes are not a text file; the message says so in a sentence."""


def decode_user_csv(raw: bytes) -> str:
    """The file's text: by its byte-order mark when it has one (UTF-8, UTF-16, UTF-32), else UTF-8,
    else cp1252 (Excel's "CSV" on Swedish Windows). Raises UnreadableFile with a sentence."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFile(
                    _("The file says it is %(encoding)s text but is not; save it as CSV (UTF-8).")
                    % {"encoding": encoding.upper().removesuffix("-SIG")}
                ) from None
    if b"\x00" in raw:
        # UTF-16 without a byte-order mark, or not text at all (a spreadsheet, a picture).
        raise UnreadableFile(_("The file is not a text file; save it as CSV (UTF-8)."))
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file could not be read as text; save it as CSV (UTF-8)."))


@dataclass
class ParsedRow:
    number: int  # the line in the file, counting the header as 1, as a spreadsheet shows it
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    rows: list[ParsedRow]
    file_errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(row.errors for row in self.rows)


def parse_user_csv(text: str, *, existing_emails: set[str]) -> ParsedFile:
    sample = text[:4096]
    # Semicolons (Excel in Sweden), commas, or tabs (Excel's "Unicode text"); a tie is a comma.
    delimiter = max((",", ";", "\t"), key=sample.count)
    # newline="" lets csv see every line ending (CRLF, LF and the bare CR of old Macs) and keep
    # a line break that sits inside a quoted cell.
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return ParsedFile(rows=[], file_errors=[_("The file is empty.")])
    except csv.Error:
        return ParsedFile(rows=[], file_errors=[_unreadable_line(reader.line_num)])
    columns = [HEADER_ALIASES.get(name.strip().lower()) for name in header]
    missing = [name for name in ("name", "email") if name not in columns]
    if missing:
        return ParsedFile(
            rows=[],
            file_errors=[
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(missing)}
            ],
        )
    rows: list[ParsedRow] = []
    seen: set[str] = set()
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            return ParsedFile(rows=rows, file_errors=[_unreadable_line(reader.line_num)])
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            return ParsedFile(
                rows=rows, file_errors=[_("At most %(count)d rows at a time.") % {"count": MAX_ROWS}]
            )
        # A line break typed inside a quoted cell (Alt+Enter in Excel) joins with a space: a name
        # or a department is one line.
        values = {
            column: " ".join(cell.split()) for column, cell in zip(columns, cells, strict=False) if column
        }
        rows.append(_check_row(number, values, seen=seen, existing_emails=existing_emails))
    if not rows:
        return ParsedFile(rows=[], file_errors=[_("The file has no rows below the header.")])
    return ParsedFile(rows=rows, file_errors=[])


def _unreadable_line(line: int) -> str:
    return _(
        "Line %(line)d could not be read: a cell is longer than %(limit)s characters or a quotation "
        "mark is not closed. Nothing was imported."
    ) % {"line": line, "limit": number_format(MAX_CELL_CHARS, force_grouping=True)}


def _check_row(number: int, values: dict, *, seen: set[str], existing_emails: set[str]) -> ParsedRow:
    row = ParsedRow(number=number, values=values)
    literacy = values.get("computer_literacy", "").lower() or ComputerLiteracy.MEDIUM
    if literacy not in LITERACY_ALIASES:
        row.errors.append(
            _("Computer literacy “%(value)s” is not one of low, medium, high.")
            % {"value": values["computer_literacy"]}
        )
    else:
        values["computer_literacy"] = LITERACY_ALIASES[literacy]
    person = CustomerUser(**values)
    try:
        person.full_clean(exclude=["engagement", "computer_literacy"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = capfirst(CustomerUser._meta.get_field(name).verbose_name) if name != "__all__" else ""
            row.errors.extend(f"{label}: {message}" if label else message for message in messages)
    email = values.get("email", "").lower()
    if email and email in seen:
        row.errors.append(_("The e-mail %(email)s appears twice in the file.") % {"email": email})
    elif email and email in existing_emails:
        row.errors.append(_("%(email)s is already on the user list.") % {"email": email})
    seen.add(email)
    return row
