"""Reading a user list from CSV, row by row, so the preview can show every row's errors.

Excel in Sweden writes semicolons and cp1252; others write commas and UTF-8. Both are read.
Headers may be English (name, email, ...) or Swedish (namn, e-post, ...).
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
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
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return ParsedFile(rows=[], file_errors=[_("The file is empty.")])
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
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            return ParsedFile(
                rows=rows, file_errors=[_("At most %(count)d rows at a time.") % {"count": MAX_ROWS}]
            )
        values = {column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column}
        rows.append(_check_row(number, values, seen=seen, existing_emails=existing_emails))
    if not rows:
        return ParsedFile(rows=[], file_errors=[_("The file has no rows below the header.")])
    return ParsedFile(rows=rows, file_errors=[])


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
