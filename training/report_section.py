"""The support window in the weekly report (engagements.planning.report_sections)."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engagements.planning.report_sections import ReportSection
from training.models import SupportTopic
from training.selectors import support_figures, support_window


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def support_summary_text(figures: dict) -> str:
    """The summary's sentences in the active language (the report is drafted in the customer's)."""
    lines = [
        ngettext("%(count)s support request", "%(count)s support requests", figures["total"])
        % {"count": figures["total"]}
        + (
            ": "
            + ", ".join(
                f"{SupportTopic(topic).label} {count}" for topic, count in sorted(figures["by_topic"].items())
            )
            if figures["by_topic"]
            else ""
        )
        + ".",
        ngettext("%(count)s open item.", "%(count)s open items.", figures["open"])
        % {"count": figures["open"]},
        _("Time spent: %(hours)s h %(minutes)s min.")
        % {"hours": figures["minutes"] // 60, "minutes": figures["minutes"] % 60},
    ]
    return "\n".join(lines)


def support_report_section(engagement, week_start: date, week_end: date) -> ReportSection | None:
    """The window's dates while it runs; the week it ends, its summary too. Nothing otherwise."""
    window = support_window(engagement=engagement)
    if window is None or week_end < window.start or week_start > window.end:
        return None
    dates = _("Support window: %(start)s to %(end)s.") % {
        "start": _day(window.start),
        "end": _day(window.end),
    }
    figures = support_figures(engagement=engagement, window=window)
    if window.end <= week_end:
        return ReportSection(
            title=_("Support"),
            text=dates + "\n" + _("The window has ended.") + "\n" + support_summary_text(figures),
        )
    return ReportSection(title=_("Support"), text=dates + "\n" + support_summary_text(figures))
