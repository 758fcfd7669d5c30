"""The bulk migration, and running the batches of any upload job (bulk or delta).

1. `migration_start_bulk` queues the job (migration.services.job_start) and, after commit, the
   planning task.
2. `job_plan_and_hand_out` (the planning task) applies a delta's moves first, cuts the files into
   batches (migration.jobs.job_plan) and enqueues one task per batch, then a watch that sweeps
   while the job runs.
3. `batch_run_and_sweep` (a batch's task) uploads the batch (migration.transfer.batch_run) and
   sweeps its job: the last batch closes it.
4. `job_sweep_and_hand_out` (the watch, beat's safety net, the CLI follower) hands the batches
   of dead workers to the workers again, and closes the job once none is left.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Min
from django.utils import timezone

from engagements.models import Engagement
from migration.jobs import job_fail, job_finish_if_done, job_plan, job_sweep
from migration.models import MigrationBatch, MigrationJob
from migration.services.delta import delta_prepare
from migration.services.job_start import migration_job_start
from migration.source_roots import SourceOutsideRoots
from migration.transfer.batch_run import BatchResult, batch_run, batch_stale_after, job_of_batch


def migration_start_bulk(
    *, engagement: Engagement, user: AbstractBaseUser | None, enqueue: bool = True
) -> MigrationJob:
    """Queue the bulk migration of every file of the manifest not in Dropbox yet.

    `enqueue=False` leaves the job queued for the caller to run in its own process (`--here`).
    """
    return migration_job_start(engagement=engagement, kind=MigrationJob.Kind.BULK, user=user, enqueue=enqueue)


def job_plan_and_hand_out(*, job_id: int) -> list[int]:
    """What the planning task does; returns the ids of the batches handed to the workers.

    1. A delta job still queued applies its moves and creates its new folders first.
    2. The files are cut into batches (`job_plan`), and each batch goes to the workers as a task.
    3. With no batch the job closes now; otherwise a watch is scheduled that sweeps while it runs,
       first after one stale period, when a claim of a worker that died at once has gone stale.
    Raises the connection layer's errors (Dropbox lost, not connected, unavailable).
    """
    from migration.tasks import migration_job_watch

    job = MigrationJob.objects.select_related("engagement").get(pk=job_id)
    if job.status in (MigrationJob.Status.DONE, MigrationJob.Status.FAILED):
        return []  # failed before a worker took it (no worker, said the CLI): nothing to plan
    if job.kind == MigrationJob.Kind.DELTA and job.status == MigrationJob.Status.QUEUED:
        delta_prepare(job=job)
    batch_ids = job_plan(job=job)
    batches_hand_out(batch_ids)
    if not batch_ids:
        job_finish_if_done(job=MigrationJob.objects.get(pk=job_id))
    else:
        migration_job_watch.apply_async((job_id,), countdown=job_watch_interval())
    return batch_ids


def job_watch_interval() -> float:
    """Seconds between two sweeps of the watch: a third of the stale period (the claim heartbeat's
    beat), so a batch whose claim went stale (its worker died) waits at most that long before it is
    handed out again: within about 30 + 10 s of the death, with the default 30 s."""
    return max(batch_stale_after().total_seconds() / 3, 1.0)


def batches_hand_out(batch_ids: list[int]) -> None:
    """One task per batch, for any worker to take (after the surrounding commit, if any)."""
    from migration.tasks import migration_batch_run

    for batch_id in batch_ids:
        migration_batch_run.delay_on_commit(batch_id)


def job_sweep_and_hand_out(*, job_id: int) -> bool:
    """Sweep the job (migration.jobs.job_sweep) and enqueue the batches it handed back; returns
    whether the job is still running."""
    sweep = job_sweep(job_id=job_id)
    batches_hand_out(sweep.handed_back)
    return sweep.running


def running_jobs_sweep() -> int:
    """Sweep every running job (beat's safety net); returns how many were swept."""
    job_ids = list(
        MigrationJob.objects.filter(status=MigrationJob.Status.RUNNING).values_list("pk", flat=True)
    )
    for job_id in job_ids:
        job_sweep_and_hand_out(job_id=job_id)
    return len(job_ids)


def batch_run_or_fail_job(*, batch_id: int) -> BatchResult:
    """Run the batch; when the share no longer resolves inside MIGRATION_SOURCE_ROOTS (swapped for
    a symlink since the scan), fail its job with the sentence instead. Raises the connection
    layer's errors for the caller to handle."""
    try:
        return batch_run(batch_id=batch_id)
    except SourceOutsideRoots as error:
        job_fail(job_id=job_of_batch(batch_id), message=error.message)
        return BatchResult(ran=False)


def batch_run_and_sweep(*, batch_id: int) -> BatchResult:
    """What the batch task does: run the batch, then sweep its job (the last batch closes it)."""
    result = batch_run_or_fail_job(batch_id=batch_id)
    job_id = job_of_batch(batch_id)
    if job_sweep_and_hand_out(job_id=job_id):
        last_batches_watch(job_id=job_id)
    return result


def last_batches_watch(*, job_id: int) -> None:
    """When no batch waits for a worker any more and the job's last batches run on other workers,
    schedule a watch for the moment the oldest of their claims would go stale.

    The watch the planner scheduled is a task held in one worker's memory until its countdown
    ends; a worker killed while holding it takes it along (the broker gives it back only after its
    visibility timeout, an hour). Each worker that runs out of batches thus watches the rest
    itself, so a batch of a dead worker goes to a live one within seconds of its claim going stale,
    whichever worker died (and beat's sweep every two minutes stays the last safety net).
    """
    from migration.tasks import migration_job_watch

    batches = MigrationBatch.objects.filter(job_id=job_id)
    if batches.filter(status=MigrationBatch.Status.PENDING).exists():
        return  # a worker will take it, and sweep when it is done
    running = batches.filter(status=MigrationBatch.Status.RUNNING)
    oldest = running.aggregate(oldest=Min("claimed_at"))["oldest"]
    if oldest is None:
        return
    stale_in = (oldest + batch_stale_after() - timezone.now()).total_seconds()
    migration_job_watch.apply_async((job_id,), countdown=max(stale_in + 1, 1))


def batch_job_fail(*, batch_id: int, message: str) -> None:
    """Stop the batch's job with a sentence (Dropbox access lost, or the connection removed)."""
    job_fail(job_id=job_of_batch(batch_id), message=message)
