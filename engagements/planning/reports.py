"""Weekly reports: drafted on Monday mornings, reviewed and edited by the coordinator, then sent.

Nothing reaches the customer unreviewed: a draft must be marked reviewed before it can be
sent, and only sent reports show on the status page (a database constraint backs this).
"""

import logging
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.phases import Phase
from engagements.planning.emails import weekly_report_email_send
from engagements.planning.errors import PlanningError, ReportNotReviewed
from engagements.planning.models import ReportStatus, Sprint, SprintStatus, WeeklyReport, slot_order
from engagements.planning.report_sections import report_sections_for
from engagements.planning.workdays import monday_of
from engagements.services import audit_log

logger = logging.getLogger(__name__)

# Phases in which work is going on, so there is something to report.
REPORTING_PHASES = (Phase.PLANNING, Phase.MIGRATING, Phase.ROLLOUT, Phase.DECOMMISSIONING)
# Engagements planned to last this long or less get no weekly reports.
SHORTEST_REPORTED_ENGAGEMENT = timedelta(days=7)


def engagements_due_for_report(*, week_start: date) -> list[Engagement]:
    """Active engagements planned to run longer than a week whose plan covers the week."""
    week_end = week_start + timedelta(days=6)
    candidates = Engagement.objects.filter(
        phase__in=REPORTING_PHASES,
        planned_start__isnull=False,
        planned_end__isnull=False,
        planned_start__lte=week_end,
        planned_end__gte=week_start,
    ).select_related("customer")
    return [e for e in candidates if e.planned_end - e.planned_start > SHORTEST_REPORTED_ENGAGEMENT]


def weekly_report_draft_now(
    *, engagement: Engagement, week_start: date, user: AbstractBaseUser
) -> tuple[WeeklyReport, bool]:
    """The coordinator drafts a week's report on demand, as the Monday task would.

    Refuses an engagement with no work going on (before planning, or ended) with a sentence.
    Returns (report, created): an existing report of that week is returned, not drafted twice.
    """
    if engagement.phase not in REPORTING_PHASES:
        raise PlanningError(
            _("Weekly reports are drafted while work is going on: from planning until decommissioning.")
        )
    return weekly_report_draft(engagement=engagement, week_start=monday_of(week_start), user=user)


def weekly_reports_draft_due(*, today: date) -> list[WeeklyReport]:
    """Draft last week's report for every engagement due one; run each Monday (idempotent).

    Returns the reports drafted now; engagements that already have this week's report are
    left alone, so running twice, or late, drafts nothing twice.
    """
    week_start = monday_of(today) - timedelta(days=7)
    drafted = []
    for engagement in engagements_due_for_report(week_start=week_start):
        try:
            report, created = weekly_report_draft(engagement=engagement, week_start=week_start)
        except Exception:
            # One engagement's bad data must not cost every other customer their report;
            # the next run (or a rerun of the task) tries it again.
            logger.exception("Drafting the weekly report of engagement %s failed", engagement.pk)
            continue
        if created:
            drafted.append(report)
    return drafted


def _sprint_line(sprint: Sprint) -> str:
    day = date_format(sprint.date, "l j F")
    name = sprint.consultant.get_full_name() or sprint.consultant.get_username()
    return f"– {day}, {sprint.get_slot_display().lower()}: {sprint.goal_text} ({name})"


def _draft_texts(engagement: Engagement, week_start: date) -> dict:
    week_end = week_start + timedelta(days=6)
    sprints = list(
        Sprint.objects.filter(engagement=engagement, date__range=(week_start, week_end + timedelta(days=7)))
        .select_related("consultant")
        .order_by("date", slot_order(), "pk")
    )
    this_week = [s for s in sprints if s.date <= week_end]
    next_week = [s for s in sprints if s.date > week_end and s.status != SprintStatus.MOVED]
    done = [s for s in this_week if s.status == SprintStatus.DONE]
    moved = [s for s in this_week if s.status == SprintStatus.MOVED]
    not_done = [s for s in this_week if s.status == SprintStatus.PLANNED]
    risks = []
    if moved:
        risks.append(_("%(count)s sprint(s) were moved to a later date.") % {"count": len(moved)})
    if not_done:
        risks.append(_("%(count)s sprint(s) were not completed as planned.") % {"count": len(not_done)})
    return {
        "sprints_planned": len(this_week),
        "sprints_done": len(done),
        "done_text": "\n".join(_sprint_line(s) for s in done)
        or (
            _("No sprints were completed this week.")
            if this_week
            else _("No sprints were planned this week.")
        ),
        "next_text": "\n".join(_sprint_line(s) for s in next_week)
        or _("No sprints are planned for next week."),
        "risks": "\n".join(risks),
        "sections": report_sections_for(engagement, week_start=week_start, week_end=week_end),
    }


def weekly_report_draft(
    *, engagement: Engagement, week_start: date, user: AbstractBaseUser | None = None
) -> tuple[WeeklyReport, bool]:
    """The engagement's report of the week starting `week_start`, drafting it if there is none.

    The draft is written in the customer's language, since the customer reads it. The Monday
    task drafts without a `user`; the coordinator's "Draft now" button passes theirs.
    Returns (report, created).
    """
    existing = WeeklyReport.objects.filter(engagement=engagement, week_start=week_start).first()
    if existing is not None:
        return existing, False
    with translation.override(engagement.customer.language):
        texts = _draft_texts(engagement, week_start)
    report = WeeklyReport(engagement=engagement, week_start=week_start, **texts)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
            audit_log(
                action="planning.weekly_report_drafted",
                user=user,
                engagement=engagement,
                details={"report": report.pk, "week": report.iso_label},
            )
    except IntegrityError:
        # Another worker drafted the same week a moment ago; theirs stands.
        return WeeklyReport.objects.get(engagement=engagement, week_start=week_start), False
    return report, True


@transaction.atomic
def weekly_report_update(
    *,
    report: WeeklyReport,
    user: AbstractBaseUser,
    done_text: str,
    next_text: str,
    risks: str,
    decisions_needed: str,
    internal_note: str,
    reviewed: bool,
) -> WeeklyReport:
    """Save the coordinator's edits; `reviewed` marks the report ready to send (or back to draft)."""
    report = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.SENT:
        raise PlanningError(_("This report has been sent and can no longer be changed."))
    report.done_text, report.next_text = done_text, next_text
    report.risks, report.decisions_needed, report.internal_note = risks, decisions_needed, internal_note
    if reviewed:
        report.status, report.reviewed_by, report.reviewed_at = ReportStatus.REVIEWED, user, timezone.now()
    else:
        report.status, report.reviewed_by, report.reviewed_at = ReportStatus.DRAFT, None, None
    report.full_clean()
    report.save()
    audit_log(
        action="planning.weekly_report_edited",
        user=user,
        engagement=report.engagement,
        details={"report": report.pk, "status": report.status},
    )
    return report


@transaction.atomic
def weekly_report_send(*, report: WeeklyReport, user: AbstractBaseUser) -> WeeklyReport:
    """Send a reviewed report to the customer's contacts; it then shows on the status page.

    1. Lock the report, so a double click sends one e-mail.
    2. Refuse a draft (not reviewed) or an already sent report with a sentence.
    3. Mark it sent and send the e-mail inside the transaction: if the mail server refuses,
       the report stays reviewed-but-unsent and the coordinator is told.
    """
    report = WeeklyReport.objects.select_for_update().select_related("engagement__customer").get(pk=report.pk)
    if report.status == ReportStatus.SENT:
        raise PlanningError(_("This report has already been sent."))
    if report.status != ReportStatus.REVIEWED:
        raise ReportNotReviewed(_("Review the report and mark it reviewed before sending it."))
    report.status, report.sent_by, report.sent_at = ReportStatus.SENT, user, timezone.now()
    report.full_clean()
    report.save()
    recipients = weekly_report_email_send(report=report)
    audit_log(
        action="planning.weekly_report_sent",
        user=user,
        engagement=report.engagement,
        details={"report": report.pk, "week": report.iso_label, "to": recipients},
    )
    return report
