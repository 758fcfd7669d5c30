import io
from datetime import date

import pytest
from pypdf import PdfReader

from engagements.pdf import ProjectFileFetcher
from engagements.planning.pdf import weekly_report_pdf
from engagements.planning.reports import weekly_report_draft, weekly_report_update


def test_pdf_holds_the_report_and_not_the_internal_note(planned, coordinator):
    report, _ = weekly_report_draft(engagement=planned, week_start=date(2027, 1, 11))
    report = weekly_report_update(
        report=report,
        user=coordinator,
        done_text="Inventering av 18 datorer klar",
        next_text="Bulkflytt på tisdag",
        risks="",
        decisions_needed="Godkänn mappstrukturen",
        internal_note="Faktura ej betald",
        reviewed=True,
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(weekly_report_pdf(report=report))).pages
    )
    assert "Inventering av 18 datorer klar" in text
    assert "Godkänn mappstrukturen" in text
    assert planned.customer.name in text
    assert "Faktura ej betald" not in text


def test_pdf_rendering_never_fetches_over_the_network():
    with pytest.raises(ValueError, match="Refused"):
        ProjectFileFetcher().fetch("https://fonts.example/font.woff2")
