"""Bulk test data for pages whose query count must not grow with their rows."""

from datetime import timedelta

from django.utils import timezone

from engagements.planning.models import ReportStatus, Slot, Sprint, StatusUpdate, WeeklyReport
from engagements.planning.workdays import monday_of


def fill(engagement, consultant, *, sprints: int, reports: int, updates: int, offset: int = 0) -> None:
    """Rows straight into the tables: set-up for page tests, not a way to plan."""
    today = timezone.localdate()
    now = timezone.now()
    Sprint.objects.bulk_create(
        Sprint(
            engagement=engagement,
            consultant=consultant,
            date=today + timedelta(days=(offset + n) // 2),
            slot=Slot.MORNING if n % 2 else Slot.AFTERNOON,
            goal=f"Mål {offset + n}",
            tasks="Steg ett\nSteg två",
            internal_note="HEMLIG-ANTECKNING",
        )
        for n in range(sprints)
    )
    WeeklyReport.objects.bulk_create(
        WeeklyReport(
            engagement=engagement,
            week_start=monday_of(today) - timedelta(weeks=offset + n + 1),
            status=ReportStatus.SENT,
            reviewed_at=now,
            sent_at=now,
            done_text=f"Gjort {offset + n}",
            internal_note="HEMLIG-RAPPORT",
        )
        for n in range(reports)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(engagement=engagement, author=engagement.seller, body=f"Nyhet {offset + n}")
        for n in range(updates)
    )
