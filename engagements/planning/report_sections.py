"""Sections other apps add to the weekly report, without this app importing them.

A provider is a callable taking (engagement, week_start, week_end) and returning a
`ReportSection` or None (nothing to say this week). Later apps register theirs in their
AppConfig.ready():

    from engagements.planning.report_sections import ReportSection, register_report_section

    def migration_progress(engagement, week_start, week_end):
        ...
        return ReportSection(title=gettext("Migration progress"), text="1 200 of 3 400 files copied")

    register_report_section(migration_progress)

Titles and texts are stored in the draft as they are when it is drafted (in the language
active then; the drafting task runs in the customer's language), so the coordinator
reviews exactly what the customer will read.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportSection:
    title: str
    text: str


ReportSectionProvider = Callable[..., ReportSection | None]
_providers: list[ReportSectionProvider] = []


def register_report_section(provider: ReportSectionProvider) -> None:
    """Add a provider. Idempotent, so ready() may run twice."""
    if provider not in _providers:
        _providers.append(provider)


def report_sections_for(engagement, *, week_start: date, week_end: date) -> list[dict[str, str]]:
    """Every provider's section for this engagement and week, as stored in the report.

    A provider that fails must not keep the customer's report from being drafted: the
    failure is logged and the section left out, and the coordinator sees the rest.
    """
    sections = []
    for provider in list(_providers):
        try:
            section = provider(engagement, week_start, week_end)
        except Exception:
            logger.exception("Report section provider %r failed for engagement %s", provider, engagement.pk)
            continue
        if section is not None:
            sections.append({"title": str(section.title), "text": str(section.text)})
    return sections
