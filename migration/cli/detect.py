"""Delta detection for the CLI: rescan the share, print what changed since the manifest.

migration/cli/delta.py (the apply) calls `detect_and_print` first; on its own this module is the
`delta` action of an installation without the apply.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from migration.cli.common import number, scan_progress_printer, source_from_options
from migration.models import ScanRun
from migration.services.delta import delta_detect


def detect_and_print(*, engagement, options, out, err) -> ScanRun:
    source_from_options(engagement=engagement, options=options)
    out.write(_("Looking for changes on %(path)s …") % {"path": engagement.migration_source.source_path})
    scan = delta_detect(engagement=engagement, user=None, progress=scan_progress_printer(out))
    if scan.status == ScanRun.Status.DONE:
        counts = scan.plan["counts"]
        out.write(
            _(
                "Changes: %(uploads)s files to upload (%(size)s), %(folders)s new folders, "
                "%(moves)s moves, %(deletions)s deletions"
            )
            % {
                "uploads": number(counts["uploads"]),
                "size": filesizeformat(counts["upload_bytes"]),
                "folders": number(counts["folders"]),
                "moves": number(counts["moves"]),
                "deletions": number(counts["deletions"]),
            }
        )
    else:
        err.write(_("The delta scan failed: %(error)s") % {"error": scan.error.strip().splitlines()[-1]})
    return scan


def run(*, engagement, options, out, err) -> int:
    scan = detect_and_print(engagement=engagement, options=options, out=out, err=err)
    return 0 if scan.status == ScanRun.Status.DONE else 1
