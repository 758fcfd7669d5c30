"""What the bulk, delta and verify actions share: run or follow a job, print its summary."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from migration.cli.common import number
from migration.jobs import job_problems, job_summary
from migration.models import MigrationJob
from migration.selectors import job_failed_files
from migration.services.runner import job_follow, job_run_here

FAILED_FILES_SHOWN = 20


def run_or_follow(*, job: MigrationJob, options: dict, out) -> MigrationJob:
    """`--here`: run the batches in this process; else hand them to the workers and follow."""
    if options.get("here"):
        out.write(_("Running job %(job)s in this process …") % {"job": job.pk})
        return job_run_here(job_id=job.pk, out=out.write)
    out.write(_("Job %(job)s handed to the workers; following its progress …") % {"job": job.pk})
    return job_follow(job_id=job.pk, out=out.write)


def print_job_summary(*, job: MigrationJob, out, err) -> int:
    """The summary lines; returns 1 with sentences on stderr when something needs attention."""
    summary = job_summary(job)
    out.write(
        _("Uploaded %(done)s of %(total)s files, %(bytes)s of %(bytes_total)s.")
        % {
            "done": number(summary["files_done"]),
            "total": number(summary["files_total"]),
            "bytes": filesizeformat(summary["bytes_done"]),
            "bytes_total": filesizeformat(summary["bytes_total"]),
        }
    )
    problems = job_problems(job)
    for problem in problems:
        err.write(problem)
    for path, reason in job_failed_files(job, limit=FAILED_FILES_SHOWN):
        err.write(f"  {path}: {reason}")
    return 1 if problems else 0
