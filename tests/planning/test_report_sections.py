from datetime import date

import pytest

from engagements.planning import report_sections
from engagements.planning.report_sections import ReportSection, register_report_section
from engagements.planning.reports import weekly_report_draft


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch):
    monkeypatch.setattr(report_sections, "_providers", [])


def test_registered_sections_are_drafted_into_the_report(planned):
    def migration_progress(engagement, week_start, week_end):
        return ReportSection(
            title="Migreringens framsteg", text=f"1 200 av 3 400 filer ({engagement.reference})"
        )

    def nothing_to_say(engagement, week_start, week_end):
        return None

    def broken(engagement, week_start, week_end):
        raise RuntimeError("scan database is down")

    for provider in (migration_progress, nothing_to_say, broken, migration_progress):
        register_report_section(provider)

    report, created = weekly_report_draft(engagement=planned, week_start=date(2027, 1, 11))

    assert created
    assert report.sections == [
        {"title": "Migreringens framsteg", "text": f"1 200 av 3 400 filer ({planned.reference})"}
    ]
