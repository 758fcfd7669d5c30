"""`migration status REF`: the source, the latest scan, the manifest by state, the latest job."""

from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from migration.cli.common import number, scan_summary_lines
from migration.models import ManifestEntry, ScanRun
from migration.selectors import latest_scan, migration_source_of


def run(*, engagement, options, out, err) -> int:
    source = migration_source_of(engagement)
    out.write(f"{engagement.reference} {engagement.customer.name}")
    if source is None:
        err.write(
            _("No source is set; run `migration scan %(ref)s --source PATH`.") % {"ref": engagement.reference}
        )
        return 1
    out.write(_("Source: %(path)s → %(target)s") % {"path": source.source_path, "target": source.target_root})
    scan = latest_scan(engagement)
    if scan is None:
        out.write(_("Not scanned yet."))
    else:
        when = timezone.localtime(scan.finished_at or scan.started_at).strftime("%Y-%m-%d %H:%M")
        out.write(
            _("Latest scan: %(kind)s, %(status)s, %(when)s")
            % {"kind": scan.get_kind_display(), "status": scan.get_status_display(), "when": when}
        )
        if scan.status == ScanRun.Status.DONE:
            for line in scan_summary_lines(scan):
                out.write("  " + line)
    states = (
        ManifestEntry.objects.filter(engagement=engagement, kind=ManifestEntry.Kind.FILE, action="migrate")
        .values("state")
        .annotate(files=Count("pk"), size=Sum("size"))
        .order_by("state")
    )
    failed = 0
    labels = dict(ManifestEntry.State.choices)
    for row in states:
        label = labels.get(row["state"], row["state"])
        out.write(f"  {label}: {number(row['files'])} ({filesizeformat(row['size'] or 0)})")
        if row["state"] == ManifestEntry.State.FAILED:
            failed = row["files"]
    _print_job(engagement, out)
    if scan is not None and scan.status == ScanRun.Status.FAILED:
        err.write(_("The latest scan failed; run it again."))
        return 1
    if failed:
        err.write(_("%(count)s files failed to upload; run bulk or delta again.") % {"count": number(failed)})
        return 1
    return 0


def _print_job(engagement, out) -> None:
    try:
        from migration.progress import job_progress, latest_job, progress_line
    except ImportError:  # the bulk side is not installed
        return
    job = latest_job(engagement)
    if job is not None:
        out.write(progress_line(job_progress(job)))
