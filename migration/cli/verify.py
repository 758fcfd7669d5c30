"""`migration verify REF [--here]`: compare Dropbox with the manifest, file by file."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from migration.cli.common import number
from migration.cli.jobs import run_or_follow
from migration.models import MigrationJob
from migration.selectors import verification_result
from migration.services.verify import migration_verify

PATHS_SHOWN = 20


def run(*, engagement, options, out, err) -> int:
    job = migration_verify(engagement=engagement, user=None, enqueue=not options.get("here"))
    job = run_or_follow(job=job, options=options, out=out)
    if job.status != MigrationJob.Status.DONE:
        err.write(job.error or _("The verification did not finish."))
        return 1
    result = verification_result(job)
    out.write(
        _(
            "Verified %(verified)s files (%(size)s); "
            "missing %(missing)s, different %(mismatched)s, extra %(extra)s."
        )
        % {
            "verified": number(result["verified"]),
            "size": filesizeformat(result["bytes_verified"]),
            "missing": number(result["missing"]),
            "mismatched": number(result["mismatched"]),
            "extra": number(result["extra"]),
        }
    )
    for label, key in (
        (_("Missing"), "missing_paths"),
        (_("Different"), "mismatched_paths"),
        (_("Extra"), "extra_paths"),
    ):
        for path in result[key][:PATHS_SHOWN]:
            out.write(f"  {label}: {path}")
    if not result["passed"]:
        err.write(
            _(
                "%(count)s files are missing in Dropbox or differ from the source; "
                "run bulk or delta again, then verify."
            )
            % {"count": number(result["missing"] + result["mismatched"])}
        )
        return 1
    return 0
