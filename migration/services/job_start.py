"""Starting a job: the one service every bulk, delta and verify start goes through.

1. Lock the engagement's row, so two starts cannot both pass the checks.
2. Check the job may start: `require_ready_to_migrate` for a bulk or delta (phase, source,
   scan, Dropbox, processor agreement, no other job running); a source set, for a verify.
3. Write the job and its audit rows (migration.jobs.job_create).
4. After commit, enqueue its first task (the planner, or the verification); `enqueue=False` leaves
   the job queued for the caller to run in its own process (`--here`).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from dropbox_integration.models import DropboxConnection
from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.privacy.selectors import has_processor_agreement
from migration.guards import job_phase_refusal
from migration.jobs import ACTIVE_JOB_STATUSES, job_create
from migration.models import MigrationJob, MigrationSource, ScanRun
from migration.source_roots import SourceOutsideRoots, confined_source_path


class MigrationNotReady(DomainError):
    pass


class VerificationNotReady(DomainError):
    pass


def require_ready_to_migrate(engagement: Engagement) -> None:
    """Raise MigrationNotReady with a sentence unless a bulk or delta job may start now."""
    phase_refusal = job_phase_refusal(engagement)  # in planning it may: a trial run
    if phase_refusal:
        raise MigrationNotReady(phase_refusal)
    source = MigrationSource.objects.filter(engagement=engagement).first()
    if source is None:
        raise MigrationNotReady(_("Set the source share of the engagement before migrating."))
    try:
        confined_source_path(source.source_path)  # again: swapped for a symlink since it was set?
    except SourceOutsideRoots as refusal:
        raise MigrationNotReady(refusal.message) from None
    if not ScanRun.objects.filter(engagement=engagement, status=ScanRun.Status.DONE).exists():
        raise MigrationNotReady(_("Run a scan of the share before migrating."))
    if not DropboxConnection.objects.filter(engagement=engagement).exists():
        raise MigrationNotReady(_("Connect the engagement to Dropbox before migrating."))
    if not has_processor_agreement(engagement):
        raise MigrationNotReady(_("Record the processor agreement the customer signed before migrating."))
    running = (
        MigrationJob.objects.filter(engagement=engagement, status__in=ACTIVE_JOB_STATUSES)
        .exclude(kind=MigrationJob.Kind.VERIFY)
        .first()
    )
    if running is not None:
        raise MigrationNotReady(
            _("A %(kind)s for this engagement is already running; wait for it to finish.")
            % {"kind": running.get_kind_display().lower()}
        )


def require_ready_to_verify(engagement: Engagement) -> None:
    """Raise VerificationNotReady with a sentence unless a verification may start now."""
    if not MigrationSource.objects.filter(engagement=engagement).exists():
        raise VerificationNotReady(_("Set the source share of the engagement before verifying."))


@transaction.atomic
def migration_job_start(
    *,
    engagement: Engagement,
    kind: str,
    user: AbstractBaseUser | None,
    enqueue: bool = True,
    detail: dict | None = None,
    **options,
) -> MigrationJob:
    """Steps 1-4 of the module docstring; `detail` goes into the audit rows, `options` are the
    job's own fields (propagate_deletes)."""
    from migration.tasks import migration_job_plan, migration_verify_run

    Engagement.objects.select_for_update().get(pk=engagement.pk)
    if kind == MigrationJob.Kind.VERIFY:
        require_ready_to_verify(engagement)
    else:
        require_ready_to_migrate(engagement)
    job = job_create(engagement=engagement, kind=kind, user=user, detail=detail, **options)
    if enqueue:
        first_task = migration_verify_run if kind == MigrationJob.Kind.VERIFY else migration_job_plan
        first_task.delay_on_commit(job.pk)
    return job
