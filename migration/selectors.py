"""Reads of the scan and the migration for pages, panels, the CLI and other apps (the folder plan)."""

from django.db.models import Case, F, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import StrIndex, Substr

from engagements.models import Engagement
from migration.models import ManifestEntry, MigrationJob, MigrationSource, ScanException, ScanRun


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


def job_failed_files(job: MigrationJob, *, limit: int) -> list[tuple[str, str]]:
    """(source path, reason) of the job's files that could not be uploaded, by path; at most `limit`."""
    failed = ManifestEntry.objects.filter(batch__job=job, state=ManifestEntry.State.FAILED)
    return list(failed.order_by("source_path").values_list("source_path", "last_error")[:limit])


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


def verification_result(job: MigrationJob) -> dict:
    """The counts and lists of a finished verification (empty until it finished)."""
    return job.result


def untouched_bytes_by_top_folder(engagement: Engagement, *, modified_before_ns: int) -> dict[str, int]:
    """Per top-level folder of the share, the bytes of files last modified before the given time
    (nanoseconds since the epoch, as the scan stores mtimes): one grouped query."""
    top_folder = Case(
        When(
            source_path__contains="/", then=Substr("source_path", 1, StrIndex("source_path", Value("/")) - 1)
        ),
        default=F("source_path"),
        output_field=TextField(),
    )
    rows = (
        ManifestEntry.objects.filter(
            engagement=engagement,
            kind=ManifestEntry.Kind.FILE,
            action=ManifestEntry.Action.MIGRATE,
            mtime_ns__lt=modified_before_ns,
        )
        .exclude(parent_path="")
        .annotate(top_folder=top_folder)
        .values("top_folder")
        .order_by()
        .annotate(untouched=Sum("size"))
        .values_list("top_folder", "untouched")
    )
    return {name: int(untouched or 0) for name, untouched in rows}
