from datetime import timedelta

from django.utils import timezone

from engagements.quotes.models import ScanSummary
from engagements.quotes.services import discovery_scan_summary_record


def _record(engagement, *, files, scanned_at):
    return discovery_scan_summary_record(
        engagement=engagement,
        files=files,
        folders=12,
        bytes=50 * 10**9,
        exceptions=3,
        estimated_migration_seconds=3600,
        scanned_at=scanned_at,
    )


def test_latest_scan_wins_and_a_late_older_scan_is_ignored(engagement):
    now = timezone.now()
    _record(engagement, files=100, scanned_at=now - timedelta(hours=2))
    _record(engagement, files=200, scanned_at=now)
    _record(engagement, files=150, scanned_at=now - timedelta(hours=1))

    summary = ScanSummary.objects.get(engagement=engagement)
    assert summary.files == 200
    assert engagement.audit_entries.filter(action="discovery.scan_summary_recorded").count() == 2
