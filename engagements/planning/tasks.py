from celery import shared_task
from django.utils import timezone

from engagements.planning.reports import weekly_reports_draft_due


@shared_task
def weekly_reports_draft() -> int:
    """Beat runs this Monday mornings: draft last week's reports for the coordinators to review."""
    return len(weekly_reports_draft_due(today=timezone.localdate()))
