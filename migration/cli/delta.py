"""`migration delta REF [--propagate-deletes] [--here]`: rescan, then apply what changed:
moves as Dropbox moves, new and changed files uploaded, deletions only when asked (archived)."""

from django.utils.translation import gettext as _

from migration.cli.detect import detect_and_print
from migration.cli.jobs import print_job_summary, run_or_follow
from migration.guards import is_trial_run
from migration.models import ScanRun
from migration.services.delta import migration_start_delta


def run(*, engagement, options, out, err) -> int:
    scan = detect_and_print(engagement=engagement, options=options, out=out, err=err)
    if scan.status != ScanRun.Status.DONE:
        return 1
    propagate = bool(options.get("propagate_deletes"))
    job = migration_start_delta(
        engagement=engagement, user=None, propagate_deletes=propagate, enqueue=not options.get("here")
    )
    if is_trial_run(engagement):
        out.write(_("Trial run: the engagement is still in planning."))
    job = run_or_follow(job=job, options=options, out=out)
    code = print_job_summary(job=job, out=out, err=err)
    deletions = scan.plan.get("counts", {}).get("deletions", 0)
    if deletions and not propagate:
        out.write(
            _(
                "%(count)d files or folders were deleted on the share and are still in Dropbox; "
                "rerun with --propagate-deletes to move them into the archive folder."
            )
            % {"count": deletions}
        )
    return code
