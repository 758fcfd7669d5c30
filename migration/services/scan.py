"""Scanning the share: start a scan (discovery or delta), run it to the end, and the migration
time estimate its summary carries. Where the share is and where it lands: migration.services.source.
"""

import os
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.estimates import Throughput, configured_throughput, migration_seconds_estimate
from engagements.models import Engagement
from engagements.quotes.services.discovery import discovery_scan_summary_record
from engagements.services import audit_log
from migration.models import MigrationJob, MigrationSource, ScanRun
from migration.scan.manifest_writer import manifest_statistics_refresh
from migration.scan.reconcile import reconcile_vanished
from migration.scan.share import SourceUnavailable, scan_share
from migration.services.source import SourceError
from migration.source_roots import SourceOutsideRoots, confined_source_path

# A scan whose counters have not moved for this long died with its worker; a new one may start.
STALE_SCAN_SECONDS = 15 * 60


class ScanError(DomainError):
    pass


def measured_throughput() -> Throughput:
    """The throughput of the latest finished bulk job anywhere, or the configured one
    (settings.MIGRATION_BYTES_PER_SECOND and MIGRATION_FILES_PER_SECOND) until there is one."""
    job = (
        MigrationJob.objects.filter(
            kind=MigrationJob.Kind.BULK,
            status=MigrationJob.Status.DONE,
            bytes_done__gt=0,
            started_at__isnull=False,
        )
        .exclude(finished_at__isnull=True)
        .order_by("-finished_at")
        .first()
    )
    if job is not None:
        seconds = (job.finished_at - job.started_at).total_seconds()
        if seconds > 0:
            return Throughput(
                bytes_per_second=job.bytes_done / seconds,
                files_per_second=max(job.files_done / seconds, 1.0),
                measured=True,
            )
    return configured_throughput()


def estimate_migration_seconds(*, files: int, bytes: int) -> int:  # noqa: A002
    """The one estimator (engagements.estimates) at this installation's measured throughput."""
    return migration_seconds_estimate(files=files, bytes=bytes, throughput=measured_throughput())


@transaction.atomic
def scan_start(
    *, engagement: Engagement, user: AbstractBaseUser | None, kind: str = ScanRun.Kind.DISCOVERY
) -> ScanRun:
    """Create the ScanRun; the caller runs it (task or CLI) with `scan_execute`.

    Refuses when the source is not set or not there, or when a scan of the engagement is running.
    """
    Engagement.objects.select_for_update().get(pk=engagement.pk)
    source = MigrationSource.objects.filter(engagement=engagement).first()
    if source is None:
        raise SourceError(_("Set the source path of the migration first."))
    # Again: the folder may have been swapped for a symlink since it was set.
    if not os.path.isdir(confined_source_path(source.source_path)):
        raise SourceError(
            _("The source %(path)s is not a folder on this host; is the share mounted?")
            % {"path": source.source_path}
        )
    stale_before = timezone.now() - timezone.timedelta(seconds=STALE_SCAN_SECONDS)
    for running in ScanRun.objects.filter(engagement=engagement, status=ScanRun.Status.RUNNING):
        if (running.progress_at or running.started_at) > stale_before:
            raise ScanError(_("A scan of this engagement is already running."))
        _scan_fail(running, _("The scan stopped without finishing (worker lost)."))
    scan = ScanRun(
        engagement=engagement, kind=kind, started_by=user if user and user.is_authenticated else None
    )
    scan.full_clean()
    scan.save()
    audit_log(action=f"migration.scan_started.{kind}", user=user, engagement=engagement)
    return scan


def _scan_fail(scan: ScanRun, error: str) -> None:
    scan.status = ScanRun.Status.FAILED
    scan.error = error
    scan.finished_at = timezone.now()
    scan.save(update_fields=["status", "error", "finished_at"])


def _summary_json(scanner, reconciled: dict[str, int]) -> dict[str, Any]:
    summary = scanner.summary
    estimated = estimate_migration_seconds(files=summary.files, bytes=summary.bytes)
    return {
        "by_top_folder": sorted(
            ([name, counts[0], counts[1]] for name, counts in summary.by_top.items()), key=lambda row: -row[2]
        ),
        "by_type": sorted(
            ([name, counts[0], counts[1]] for name, counts in summary.by_type.items()),
            key=lambda row: -row[2],
        )[:50],
        "largest": [[path, size] for size, path in sorted(summary.largest, reverse=True)],
        "exception_counts": dict(sorted(summary.exception_counts.items())),
        "estimated_seconds": estimated,
        "moved": reconciled["moved"],
        "deleted": reconciled["deleted"],
    }


def scan_execute(*, scan: ScanRun, progress: Callable | None = None) -> ScanRun:
    """Run a started scan to the end: walk, reconcile, summary; push a discovery summary to quotes.

    Not one transaction: the walk writes in batches so a huge share never holds a long lock; a
    failed scan leaves a manifest that the next scan brings up to date (every write is an upsert).
    """
    source = MigrationSource.objects.get(engagement_id=scan.engagement_id)
    started = time.perf_counter()
    try:
        scanner = scan_share(scan=scan, source=source, progress=progress)
        reconciled = reconcile_vanished(scanner)
    except SourceUnavailable:
        _scan_fail(scan, _("The source %(path)s is not there any more.") % {"path": source.source_path})
        return scan
    except SourceOutsideRoots as error:
        _scan_fail(scan, error.message)
        return scan
    except Exception:
        _scan_fail(scan, traceback.format_exc(limit=5))
        raise
    if scan.kind == ScanRun.Kind.DISCOVERY:
        # A first scan writes up to millions of rows before autovacuum looks at them; on stale
        # statistics the next rescan walked all the engagement's rows for each folder
        # (1,000,000 files: delta detection 256 s instead of 16 s).
        manifest_statistics_refresh()
    summary = scanner.summary
    with transaction.atomic():
        scan.files = summary.files
        scan.folders = summary.folders
        scan.bytes = summary.bytes
        scan.exceptions = summary.exceptions
        scan.summary = _summary_json(scanner, reconciled)
        scan.summary["walk_seconds"] = round(time.perf_counter() - started, 3)
        scan.status = ScanRun.Status.DONE
        scan.finished_at = timezone.now()
        if scan.kind == ScanRun.Kind.DELTA:
            from migration.delta_plan import delta_plan_build

            scan.plan = delta_plan_build(engagement=scan.engagement).as_json()
        scan.full_clean()
        scan.save()
        audit_log(
            action=f"migration.scan_done.{scan.kind}",
            user=scan.started_by,
            engagement=scan.engagement,
            details={"files": scan.files, "bytes": scan.bytes, "exceptions": scan.exceptions},
        )
        if scan.kind == ScanRun.Kind.DISCOVERY:
            discovery_scan_summary_record(
                engagement=scan.engagement,
                files=scan.files,
                folders=scan.folders,
                bytes=scan.bytes,
                exceptions=scan.exceptions,
                estimated_migration_seconds=scan.summary["estimated_seconds"],
                scanned_at=scan.finished_at,
            )
    return scan
