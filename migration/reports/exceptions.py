"""The exceptions report as CSV: every entry the scan skipped, renamed or warns about."""

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from engagements.csv_safe import csv_writer
from migration.models import ScanException, ScanRun
from migration.selectors import scan_exceptions


def exceptions_csv_rows(scan: ScanRun) -> Iterator[list[str]]:
    labels = dict(ScanException.Code.choices)
    yield [_("Class"), _("Code"), _("Source path"), _("Dropbox path"), _("Note")]
    for exception in scan_exceptions(scan).iterator(chunk_size=2000):
        yield [
            str(labels.get(exception.code, exception.code)),
            exception.code,
            exception.source_path,
            exception.target_path or _("(skipped)"),
            exception.message,
        ]


def exceptions_csv_lines(scan: ScanRun) -> Iterator[str]:
    """The CSV, a line at a time (for a streaming response), UTF-8 with BOM so Excel reads å, ä, ö."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    yield "\ufeff"
    for row in exceptions_csv_rows(scan):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def exceptions_csv_write(scan: ScanRun, path: str) -> int:
    """Write the CSV to `path`; returns the number of exceptions."""
    count = -1
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle)
        for row in exceptions_csv_rows(scan):
            writer.writerow(row)
            count += 1
    return count
