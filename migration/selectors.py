"""Reads of the scan side for pages, panels, the CLI and other apps (licensing's folder plan)."""

from django.db.models import QuerySet

from engagements.models import Engagement
from migration.models import ManifestEntry, MigrationSource, ScanException, ScanRun


def migration_source_of(engagement: Engagement) -> MigrationSource | None:
    return MigrationSource.objects.filter(engagement=engagement).first()


def latest_scan(engagement: Engagement, *, finished: bool = False) -> ScanRun | None:
    """The newest scan (any kind); with `finished`, the newest that completed."""
    scans = ScanRun.objects.filter(engagement=engagement)
    if finished:
        scans = scans.filter(status=ScanRun.Status.DONE)
    return scans.order_by("-started_at", "-pk").first()


def latest_discovery_scan(engagement: Engagement) -> ScanRun | None:
    return (
        ScanRun.objects.filter(engagement=engagement, kind=ScanRun.Kind.DISCOVERY, status=ScanRun.Status.DONE)
        .order_by("-started_at", "-pk")
        .first()
    )


def scan_exceptions(scan: ScanRun, *, code: str = "") -> QuerySet[ScanException]:
    exceptions = ScanException.objects.filter(scan=scan).order_by("source_path", "code")
    if code:
        exceptions = exceptions.filter(code=code)
    return exceptions


def top_level_folders(engagement: Engagement) -> list[dict]:
    """The share's top-level folders with their target, files and bytes (for the folder plan)."""
    folders = ManifestEntry.objects.filter(
        engagement=engagement,
        parent_path="",
        kind=ManifestEntry.Kind.FOLDER,
        action=ManifestEntry.Action.MIGRATE,
    ).values_list("source_path", "target_path")
    scan = latest_discovery_scan(engagement)
    sizes = {row[0]: (row[1], row[2]) for row in (scan.summary.get("by_top_folder", []) if scan else [])}
    return [
        {
            "name": name,
            "target_path": target,
            "files": sizes.get(name, (0, 0))[0],
            "bytes": sizes.get(name, (0, 0))[1],
        }
        for name, target in folders
    ]
