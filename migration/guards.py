"""The migration's rules about phases.

- `rollout_needs_a_verified_bulk`: the guard on entering rollout, registered in
  MigrationConfig.ready().
- `job_phase_refusal`: bulk and delta jobs run while the engagement is in planning (a trial run)
  or migrating, never before the quote and the plan, never once the migration is over.
- `is_trial_run` / `job_is_trial_run`: what the page and the CLI call a job started in planning.
"""

from django.utils.translation import gettext as _

from engagements.models import PhaseChange
from engagements.phases import Phase
from migration.models import MigrationJob

# The phases in which a bulk or delta migration may start; in planning it is a trial run.
PHASES_FOR_MIGRATION_JOBS = frozenset({Phase.PLANNING, Phase.MIGRATING})
TRANSFER_KINDS = [MigrationJob.Kind.BULK, MigrationJob.Kind.DELTA]


def job_phase_refusal(engagement) -> str | None:
    """Why a bulk or delta migration may not start in the engagement's phase, or None."""
    phase = Phase(engagement.phase)
    if phase in PHASES_FOR_MIGRATION_JOBS:
        return None
    if phase in (Phase.DISCOVERY, Phase.QUOTED):
        return _(
            "The engagement is in “%(phase)s”: files are migrated once the quote is accepted and the "
            "project is in planning (as a trial run) or migrating."
        ) % {"phase": phase.label}
    return _(
        "The engagement is in “%(phase)s”: bulk and delta migrations run only while it is in planning "
        "(as a trial run) or migrating."
    ) % {"phase": phase.label}


def is_trial_run(engagement) -> bool:
    """A bulk or delta started now is a trial run: the engagement is still in planning."""
    return engagement.phase == Phase.PLANNING


def job_is_trial_run(job: MigrationJob) -> bool:
    """A bulk or delta job started before the engagement entered migrating (one query)."""
    if job.kind not in TRANSFER_KINDS:
        return False
    return not PhaseChange.objects.filter(
        engagement_id=job.engagement_id, to_phase=Phase.MIGRATING, changed_at__lte=job.created_at
    ).exists()


def rollout_needs_a_verified_bulk(engagement) -> str | None:
    """Rollout starts when the files are in Dropbox and proven so:

    1. a bulk migration has finished;
    2. the latest finished verification found every file in Dropbox with the same content;
    3. no bulk or delta job started after that verification (what it moved is not verified yet).
    """
    jobs = MigrationJob.objects.filter(engagement=engagement)
    if not jobs.filter(kind=MigrationJob.Kind.BULK, status=MigrationJob.Status.DONE).exists():
        return _("Rollout starts when the files are in Dropbox: no bulk migration has finished yet.")
    verification = (
        jobs.filter(kind=MigrationJob.Kind.VERIFY, status=MigrationJob.Status.DONE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if verification is None:
        return _("Rollout starts when the bulk migration is verified: run a verification in Dropbox first.")
    result = verification.result or {}
    if not result.get("passed"):
        return _(
            "Rollout starts when the bulk migration is verified: the last verification found files "
            "missing or changed in Dropbox (%(missing)d missing, %(mismatched)d changed). Migrate "
            "them and verify again."
        ) % {"missing": result.get("missing", 0), "mismatched": result.get("mismatched", 0)}
    later = (
        jobs.filter(kind__in=TRANSFER_KINDS, created_at__gt=verification.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )
    if later is not None:
        return _(
            "Rollout starts when the bulk migration is verified: a %(kind)s was started after the "
            "last verification; verify again."
        ) % {"kind": later.get_kind_display().lower()}
    return None
