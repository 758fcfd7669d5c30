"""A file on the share named like a spreadsheet formula reaches the CSV reports as text, not a formula."""

import csv
import io

import pytest
from django.urls import reverse

from migration.reports.certificate import verification_csv_write
from migration.reports.exceptions import exceptions_csv_write
from tests.migration.bulk_helpers import scanned

# A file name cannot hold "/", so the link in the name has no scheme; a spreadsheet still makes it a link.
FORMULA_NAME = '=HYPERLINK("x.example","y")'
NEUTRALISED = "'" + FORMULA_NAME


@pytest.fixture
def share_scan(tmp_path, engagement, coordinator, settings):
    settings.MIGRATION_SOURCE_ROOTS = [str(tmp_path)]
    root = tmp_path / "share"
    root.mkdir()
    (root / FORMULA_NAME).write_bytes(b"a file whose name is a formula")
    (root / "-5").write_bytes(b"a file whose name looks like a negative number")
    (root / "Rapport.docx").write_bytes(b"plain")
    return scanned(engagement, root, user=coordinator)


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_exceptions_csv_download_writes_the_formula_name_as_text(
    share_scan, engagement, coordinator, client_for
):
    response = client_for(coordinator).get(reverse("migration:exceptions_csv", args=[engagement.pk]))
    rows = _rows(b"".join(response.streaming_content))
    # The name has quotes, which Dropbox refuses, so the scan lists it as renamed.
    sources = [row[2] for row in rows[1:]]
    assert NEUTRALISED in sources
    assert FORMULA_NAME not in sources


def test_the_verification_csv_download_writes_the_formula_name_as_text_and_sizes_as_numbers(
    share_scan, engagement, coordinator, client_for
):
    response = client_for(coordinator).get(reverse("migration:verification_csv", args=[engagement.pk]))
    rows = {row[0]: row for row in _rows(b"".join(response.streaming_content))[1:]}
    assert set(rows) == {NEUTRALISED, "'-5", "Rapport.docx"}
    assert rows["Rapport.docx"][2] == "5"  # the size column stays a number


def test_the_csv_files_written_by_the_cli_are_neutralised_too(share_scan, engagement, tmp_path):
    exceptions_path = tmp_path / "exceptions.csv"
    verification_path = tmp_path / "verification.csv"
    exceptions_csv_write(share_scan, str(exceptions_path))
    verification_csv_write(engagement=engagement, path=str(verification_path))
    assert NEUTRALISED in [row[2] for row in _rows(exceptions_path.read_bytes())]
    assert NEUTRALISED in [row[0] for row in _rows(verification_path.read_bytes())]
