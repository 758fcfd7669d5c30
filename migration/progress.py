"""Live progress of a migration job: what the progress bars and the CLI progress line show."""

from dataclasses import dataclass

from django.utils import timezone

from engagements.models import Engagement
from migration.models import MigrationJob

FINISHED = (MigrationJob.Status.DONE, MigrationJob.Status.FAILED, MigrationJob.Status.CANCELLED)


@dataclass(frozen=True)
class JobProgress:
    job: MigrationJob
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    errors: int
    percent: int
    bytes_per_second: float
    files_per_second: float
    eta_seconds: int | None
    finished: bool

    @property
    def eta_display(self) -> str:
        if self.eta_seconds is None:
            return ""
        return str(timezone.timedelta(seconds=self.eta_seconds))


def latest_job(engagement: Engagement) -> MigrationJob | None:
    return MigrationJob.objects.filter(engagement=engagement).order_by("-created_at", "-pk").first()


def job_progress(job: MigrationJob) -> JobProgress:
    """Files and bytes done of total, the rate since the job started, and the time left at it."""
    finished = job.status in FINISHED
    if job.bytes_total:
        fraction = job.bytes_done / job.bytes_total
    elif job.files_total:
        fraction = job.files_done / job.files_total
    else:
        fraction = 1.0 if finished else 0.0
    return _progress(job, fraction, finished, job.finished_at or timezone.now())


def _progress(job: MigrationJob, fraction: float, finished: bool, end) -> JobProgress:
    elapsed = (end - job.started_at).total_seconds() if job.started_at else 0.0
    bytes_rate = job.bytes_done / elapsed if elapsed > 0 else 0.0
    files_rate = job.files_done / elapsed if elapsed > 0 else 0.0
    eta = None
    if not finished and job.status == MigrationJob.Status.RUNNING:
        if bytes_rate > 0 and job.bytes_total:
            eta = int((job.bytes_total - job.bytes_done) / bytes_rate)
        elif files_rate > 0:
            eta = int((job.files_total - job.files_done) / files_rate)
    return JobProgress(
        job=job,
        files_done=job.files_done,
        files_total=job.files_total,
        bytes_done=job.bytes_done,
        bytes_total=job.bytes_total,
        errors=job.files_failed,
        percent=min(100, int(fraction * 100)),
        bytes_per_second=bytes_rate,
        files_per_second=files_rate,
        eta_seconds=eta,
        finished=finished,
    )


def progress_line(progress: JobProgress) -> str:
    """One line for a terminal: `bulk  41% 410/1000 files 12.0/29.3 MB 3.1 MB/s ETA 0:00:06 errors 0`."""
    eta = progress.eta_display or "-"
    mb = 1024 * 1024
    return (
        f"{progress.job.kind} {progress.job.status} {progress.percent:3d}% "
        f"{progress.files_done}/{progress.files_total} files "
        f"{progress.bytes_done / mb:.1f}/{progress.bytes_total / mb:.1f} MB "
        f"{progress.bytes_per_second / mb:.1f} MB/s ETA {eta} errors {progress.errors}"
    )
