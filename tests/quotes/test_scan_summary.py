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


def test_a_new_scan_updates_the_draft_but_not_a_sent_version(engagement, sent, sales):
    from engagements.quotes.models import Quote
    from engagements.quotes.services import quote_revise

    draft = quote_revise(quote=sent, user=sales)
    _record(engagement, files=10, scanned_at=timezone.now())  # estimate: 3600 s

    assert Quote.objects.get(pk=draft.pk).estimated_migration_seconds == 3600
    assert Quote.objects.get(pk=sent.pk).estimated_migration_seconds is None
