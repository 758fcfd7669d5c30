"""Driving a job from one process: following the workers, or doing the work here (`--here`).

`job_follow` is what the CLI does while Celery workers run the batches: print a progress line,
sweep (hand back batches of dead workers, close the job when all are done), until the job ends.
`job_run_here` runs the same plan, batches and sweep in the calling process, for a migration host
without a worker; the batches are the same tasks' bodies, so a run can be continued either way.

A follower does not wait for a worker that is not there: when the job is still queued after
NO_WORKER_AFTER_SECONDS and no worker heartbeat (engagements.tasks.record_worker_heartbeat, which
beat runs every minute) is fresh, it fails the job with a sentence saying so, suggesting --here
or starting the worker, and raises NoWorkerRunning.
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import WorkerHeartbeat
from migration.jobs import batches_reclaim, job_fail, job_finish_if_done, job_plan
from migration.models import MigrationBatch, MigrationJob
from migration.progress import FINISHED, job_progress, progress_line
from migration.services.bulk import batch_run_or_fail_job, job_sweep_and_hand_out
from migration.services.delta import delta_prepare
from migration.services.verify import verify_job_run

# How long a follower waits for a worker to take a queued job before it looks for one.
NO_WORKER_AFTER_SECONDS = 30
# A heartbeat this recent says a worker (and beat) runs: beat records one a minute, and a busy
# worker may take a little while to get to it.
WORKER_HEARTBEAT_FRESH_SECONDS = 90


class JobTimedOut(DomainError):
    pass


class NoWorkerRunning(DomainError):
    pass


def worker_heartbeat_is_fresh() -> bool:
    """Whether a worker recorded a heartbeat within WORKER_HEARTBEAT_FRESH_SECONDS."""
    since = timezone.now() - timedelta(seconds=WORKER_HEARTBEAT_FRESH_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()


def _no_worker_refusal(job: MigrationJob) -> None:
    """The job is still queued and no worker heartbeat is fresh: fail the job (unless a worker took
    it meanwhile) and raise NoWorkerRunning, so the command ends instead of waiting forever."""
    message = _(
        "No worker is running: no worker heartbeat in the last %(heartbeat)d seconds, and nobody took "
        "the job in %(waited)d seconds. Run the command again with --here to do the work in this "
        "process, or start the worker (celery -A macforum_projects worker, and beat)."
    ) % {"heartbeat": WORKER_HEARTBEAT_FRESH_SECONDS, "waited": NO_WORKER_AFTER_SECONDS}
    if job_fail(job_id=job.pk, message=message, only_if_queued=True):
        raise NoWorkerRunning(message)


def _print_progress(job: MigrationJob, out: Callable[[str], None] | None, last: list[str]) -> None:
    if out is None:
        return
    line = progress_line(job_progress(job))
    if line != last[0]:
        out(line)
        last[0] = line


def job_follow(
    *,
    job_id: int,
    out: Callable[[str], None] | None = None,
    interval: float = 1.0,
    timeout: float | None = None,
) -> MigrationJob:
    """Wait for the workers to finish the job, sweeping as they go; returns the finished job."""
    started = time.monotonic()
    deadline = started + timeout if timeout else None
    last = [""]
    warned = False
    while True:
        job = MigrationJob.objects.get(pk=job_id)
        _print_progress(job, out, last)
        if job.status == MigrationJob.Status.QUEUED and time.monotonic() - started > NO_WORKER_AFTER_SECONDS:
            if not worker_heartbeat_is_fresh():
                _no_worker_refusal(job)
            elif not warned and out:
                # A worker is alive but busy (other jobs' batches ahead in the queue).
                out(
                    _(
                        "No worker has taken the job in 30 seconds: "
                        "is a Celery worker running? (Or use --here.)"
                    )
                )
                warned = True
        if job.status in FINISHED:
            return job
        if job.status == MigrationJob.Status.RUNNING and job.kind != MigrationJob.Kind.VERIFY:
            # In this process: cheap, and it hands out lost batches again.
            job_sweep_and_hand_out(job_id=job_id)
        if deadline and time.monotonic() > deadline:
            raise JobTimedOut(
                _("The job did not finish in %(seconds)d seconds; it goes on in the workers.")
                % {"seconds": timeout}
            )
        time.sleep(interval)


def job_run_here(*, job_id: int, out: Callable[[str], None] | None = None) -> MigrationJob:
    """Plan and run every batch of the job in this process, then close it."""
    job = MigrationJob.objects.get(pk=job_id)
    last = [""]
    if job.kind == MigrationJob.Kind.VERIFY:
        verify_job_run(job_id=job_id)
        job = MigrationJob.objects.get(pk=job_id)
        _print_progress(job, out, last)
        return job
    if job.status == MigrationJob.Status.QUEUED:
        _plan_here(job)
    while True:
        job = MigrationJob.objects.get(pk=job_id)
        if job.status in FINISHED:
            break
        pending = list(
            job.batches.filter(status=MigrationBatch.Status.PENDING).values_list("pk", flat=True)[:50]
        )
        for batch_id in pending:
            batch_run_or_fail_job(batch_id=batch_id)
            _print_progress(MigrationJob.objects.get(pk=job_id), out, last)
        if not pending:
            batches_reclaim(job=job)  # batches of a dead process come back as pending
            job_finish_if_done(job=job)
            job = MigrationJob.objects.get(pk=job_id)
            if (
                job.status not in FINISHED
                and not job.batches.filter(status=MigrationBatch.Status.PENDING).exists()
            ):
                time.sleep(1)  # another process holds a batch; wait for it or for its claim to go stale
    _print_progress(job, out, last)
    return job


def _plan_here(job: MigrationJob) -> None:
    if job.kind == MigrationJob.Kind.DELTA:
        delta_prepare(job=job)
    job_plan(job=job)
