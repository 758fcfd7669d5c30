"""`migration scan REF [--source PATH]`: the discovery scan, run in this process (it needs the share)."""

from django.utils.translation import gettext as _

from migration.cli.common import number, scan_progress_printer, scan_summary_lines, source_from_options
from migration.models import ScanRun
from migration.services.scan import scan_execute, scan_start


def run(*, engagement, options, out, err) -> int:
    source_from_options(engagement=engagement, options=options)
    scan = scan_start(engagement=engagement, user=None, kind=ScanRun.Kind.DISCOVERY)
    out.write(_("Scanning %(path)s …") % {"path": engagement.migration_source.source_path})
    scan = scan_execute(scan=scan, progress=scan_progress_printer(out))
    if scan.status != ScanRun.Status.DONE:
        err.write(_("The scan failed: %(error)s") % {"error": scan.error.strip().splitlines()[-1]})
        return 1
    for line in scan_summary_lines(scan):
        out.write(line)
    unreadable = scan.summary.get("exception_counts", {}).get("unreadable", 0)
    if unreadable:
        err.write(
            _(
                "%(count)s files or folders could not be read and will not be migrated; "
                "see the exceptions report."
            )
            % {"count": number(unreadable)}
        )
        return 1
    return 0
