from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from engagements.models import Engagement
from engagements.phases import Phase
from engagements.planning.errors import ReportNotReviewed
from engagements.planning.models import ReportStatus, Slot, SprintStatus, WeeklyReport
from engagements.planning.reports import weekly_report_send, weekly_report_update, weekly_reports_draft_due
from engagements.planning.selectors import sent_reports_of
from engagements.planning.services import sprint_create, sprint_set_status
from tests.factories import ContactFactory, make_engagement
from tests.planning.conftest import put_in_phase

MONDAYS = [date(2027, 1, 11) + timedelta(weeks=n) for n in range(5)]  # 11 Jan … 8 Feb


def review(report, user):
    return weekly_report_update(
        report=report,
        user=user,
        done_text=report.done_text,
        next_text=report.next_text,
        risks=report.risks,
        decisions_needed="",
        internal_note="",
        reviewed=True,
    )


@pytest.fixture
def contact(planned):
    return ContactFactory(customer=planned.customer, email="anna@akesson.example")


def test_three_day_engagement_gets_no_report(coordinator):
    short = make_engagement(
        coordinator=coordinator, planned_start=date(2027, 1, 12), planned_end=date(2027, 1, 15)
    )
    put_in_phase(short, Phase.MIGRATING)
    for monday in MONDAYS:
        assert weekly_reports_draft_due(today=monday) == []
    assert not WeeklyReport.objects.exists()


def test_three_week_engagement_gets_three_each_only_after_review(planned, coordinator, consultant, contact):
    sprint = sprint_create(
        engagement=planned,
        user=coordinator,
        consultant=consultant,
        day=MONDAYS[0],
        slot=Slot.FULL_DAY,
        goal="Start",
    )
    sprint_set_status(sprint=sprint, user=consultant, status=SprintStatus.DONE)

    sent = []
    for monday in MONDAYS:
        # Beat runs at 06:30; a second run the same morning drafts nothing new.
        drafted = weekly_reports_draft_due(today=monday)
        assert weekly_reports_draft_due(today=monday) == []
        for report in drafted:
            assert report.week_start == monday - timedelta(days=7)
            assert report.status == ReportStatus.DRAFT
            # Drafted is not sent: the customer sees nothing and gets no e-mail yet.
            assert report not in sent_reports_of(planned)
            assert len(mail.outbox) == len(sent)
            with pytest.raises(ReportNotReviewed):
                weekly_report_send(report=report, user=coordinator)
            review(report, coordinator)
            weekly_report_send(report=report, user=coordinator)
            sent.append(report)
            assert len(mail.outbox) == len(sent)

    assert [r.week_start for r in sent] == [date(2027, 1, 11), date(2027, 1, 18), date(2027, 1, 25)]
    assert list(sent_reports_of(planned)) == sent[::-1]
    first = WeeklyReport.objects.get(week_start=date(2027, 1, 11))
    assert (first.sprints_done, first.sprints_planned) == (1, 1)
    assert "Start" in first.done_text


def test_only_active_phases_get_reports(planned):
    put_in_phase(planned, Phase.QUOTED)
    assert weekly_reports_draft_due(today=MONDAYS[1]) == []
    put_in_phase(planned, Phase.CLOSED)
    assert weekly_reports_draft_due(today=MONDAYS[1]) == []
    put_in_phase(planned, Phase.ROLLOUT)
    assert len(weekly_reports_draft_due(today=MONDAYS[1])) == 1


def test_any_day_of_the_week_drafts_last_weeks_report(planned):
    """A beat run missed on Monday and done on Tuesday still drafts the same week, once."""
    (report,) = weekly_reports_draft_due(today=MONDAYS[1] + timedelta(days=1))
    assert report.week_start == MONDAYS[0]
    assert weekly_reports_draft_due(today=MONDAYS[1]) == []


def test_sent_report_cannot_be_sent_or_edited_again(planned, coordinator, contact):
    (report,) = weekly_reports_draft_due(today=MONDAYS[1])
    review(report, coordinator)
    weekly_report_send(report=report, user=coordinator)
    with pytest.raises(Exception, match="already been sent"):
        weekly_report_send(report=report, user=coordinator)
    with pytest.raises(Exception, match="can no longer be changed"):
        review(report, coordinator)
    assert len(mail.outbox) == 1


def test_the_beat_task_drafts_for_today(planned):
    from engagements.planning.tasks import weekly_reports_draft

    today = timezone.localdate()
    Engagement.objects.filter(pk=planned.pk).update(
        planned_start=today - timedelta(days=10), planned_end=today + timedelta(days=10)
    )
    assert weekly_reports_draft.apply().get() == 1
