"""`migration bulk REF [--here]`: upload every file of the manifest not in Dropbox yet."""

from django.utils.translation import gettext as _

from migration.cli.common import source_from_options
from migration.cli.jobs import print_job_summary, run_or_follow
from migration.guards import is_trial_run
from migration.services.bulk import migration_start_bulk


def run(*, engagement, options, out, err) -> int:
    source_from_options(engagement=engagement, options=options)
    job = migration_start_bulk(engagement=engagement, user=None, enqueue=not options.get("here"))
    if is_trial_run(engagement):
        out.write(_("Trial run: the engagement is still in planning."))
    job = run_or_follow(job=job, options=options, out=out)
    return print_job_summary(job=job, out=out, err=err)
