"""`migration report REF --out DIR`: exceptions CSV, verification CSV and the one-page certificate."""

import csv
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_run_here
from migration.services.verify import migration_verify
from tests.migration.bulk_helpers import scanned
from tests.migration.tree import make_plain_tree

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English msgids


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=12, per_folder=6)
    (root / "Avdelning 000" / "Thumbs.db").write_bytes(b"x")
    (root / "Avdelning 000" / "what?.txt").write_bytes(b"question")
    return root


def _report(engagement, out_dir) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "migration", "report", engagement.reference, "--out", str(out_dir), stdout=out, stderr=err
        )
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _pdf_text(path) -> tuple[str, int]:
    reader = PdfReader(str(path))
    return " ".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_a_verified_migration_gets_a_one_page_certificate(connected_engagement, share, tmp_path):
    scanned(connected_engagement, share)
    job_run_here(job_id=migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False).pk)
    job_run_here(job_id=migration_verify(engagement=connected_engagement, user=None, enqueue=False).pk)

    code, out, err = _report(connected_engagement, tmp_path / "reports")

    assert code == 0, err
    stem = tmp_path / "reports" / connected_engagement.reference
    text, pages = _pdf_text(f"{stem}-certificate.pdf")
    assert pages == 1
    assert connected_engagement.customer.name in text
    assert "13" in text  # files moved: 12 plain + the renamed one
    with open(f"{stem}-verification.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows[0]) == 5  # source path, Dropbox path, size, content hash, status
    by_source = {row[0]: row for row in rows[1:]}
    assert by_source["Avdelning 000/what?.txt"][1].startswith("/Filserver/Avdelning 000/what")
    assert by_source["Avdelning 000/what?.txt"][1] != "/Filserver/Avdelning 000/what?.txt"
    assert len(by_source["Avdelning 000/Projekt 00000/dokument 000.txt"][3]) == 64
    assert by_source["Avdelning 000/Thumbs.db"][1] == ""
    with open(f"{stem}-exceptions.csv", encoding="utf-8-sig") as handle:
        exceptions = handle.read()
    assert "Thumbs.db" in exceptions and "what?.txt" in exceptions


def test_an_unverified_migration_is_reported_with_a_sentence(connected_engagement, share, tmp_path):
    scanned(connected_engagement, share)
    code, _out, err = _report(connected_engagement, tmp_path / "reports")
    assert code == 1
    assert "not verified" in err
    text, _pages = _pdf_text(tmp_path / "reports" / f"{connected_engagement.reference}-certificate.pdf")
    assert "13" in text


def test_report_without_out_is_a_sentence(connected_engagement, share):
    scanned(connected_engagement, share)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("migration", "report", connected_engagement.reference, stdout=out, stderr=err)
    assert exit_.value.code == 2
    assert "--out" in err.getvalue()
