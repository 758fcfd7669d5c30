"""Demo data for planning: engagements in planning and later phases get sprints, a status
update and a sent weekly report, made through the same services the pages use."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.phases import Phase
from engagements.planning.errors import SprintRefused
from engagements.planning.models import SprintStatus
from engagements.planning.reports import weekly_report_draft, weekly_report_send, weekly_report_update
from engagements.planning.services import sprint_set_status, sprints_lay_out_template, status_update_post
from engagements.planning.workdays import monday_of, next_working_day

DEMO_TEMPLATES = ("pre_study", "bulk_migration")


def _lay_out(engagement, *, template_key, start, consultant, user):
    try:
        return sprints_lay_out_template(
            engagement=engagement, user=user, template_key=template_key, start=start, consultant=consultant
        )
    except SprintRefused:
        # Short demo engagements cannot hold a whole template; the demo books it anyway.
        return sprints_lay_out_template(
            engagement=engagement,
            user=user,
            template_key=template_key,
            start=start,
            consultant=consultant,
            override_reason="Demodata",
        )


def plan_sprints_and_report(engagement) -> None:
    coordinator = engagement.coordinator or engagement.seller
    consultants = list(engagement.consultants.all())
    if not consultants or engagement.sprints.exists():
        return
    today = timezone.localdate()
    start = engagement.planned_start or today
    sprints = []
    for index, template_key in enumerate(DEMO_TEMPLATES):
        sprints += _lay_out(
            engagement,
            template_key=template_key,
            start=start,
            consultant=consultants[index % len(consultants)],
            user=coordinator,
        )
    for sprint in sprints:
        if sprint.date < today:
            sprint_set_status(sprint=sprint, user=sprint.consultant, status=SprintStatus.DONE)
    status_update_post(
        engagement=engagement,
        user=engagement.seller,
        body="Tack för ett bra uppstartsmöte! Vi har bokat in datumen nedan; hör av er om något inte passar.",
    )
    # Report on the plan's first week when it has passed, so the demo report has sprints in it.
    last_week = monday_of(today) - timedelta(days=7)
    week_start = min(monday_of(next_working_day(start)), last_week)
    report, _created = weekly_report_draft(engagement=engagement, week_start=week_start)
    weekly_report_update(
        report=report,
        user=coordinator,
        done_text=report.done_text,
        next_text=report.next_text,
        risks=report.risks,
        decisions_needed="Vilka mappar ska arkiveras i stället för att flyttas?",
        internal_note="",
        reviewed=True,
    )
    # The demo's customers are made up: keep their e-mails in memory instead of the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        weekly_report_send(report=report, user=coordinator)


register_demo_step(to_phase=Phase.PLANNING, step=plan_sprints_and_report)
