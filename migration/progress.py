"""Live progress of a migration job: what the progress bars and the CLI progress line show."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
    """One line for a terminal, in the active language:
    `bulk migration running  41% 410/1000 files 12.0/29.3 MB 3.1 MB/s ETA 0:00:06 errors 0`
    (Swedish: `bulkmigrering pågår  41 % 410/1000 filer 12,0/29,3 MB 3,1 MB/s kvar 0:00:06 fel 0`)."""
    mb = 1024 * 1024
    job = progress.job
    return _(
        "%(kind)s %(status)s %(percent)3d%% %(files_done)s/%(files_total)s files "
        "%(mb_done)s/%(mb_total)s MB %(mb_rate)s MB/s ETA %(eta)s errors %(errors)s"
    ) % {
        "kind": job.get_kind_display().lower(),
        "status": job.get_status_display().lower(),
        "percent": progress.percent,
        "files_done": progress.files_done,
        "files_total": progress.files_total,
        "mb_done": number_format(progress.bytes_done / mb, decimal_pos=1),
        "mb_total": number_format(progress.bytes_total / mb, decimal_pos=1),
        "mb_rate": number_format(progress.bytes_per_second / mb, decimal_pos=1),
        "eta": progress.eta_display or "-",
        "errors": progress.errors,
    }
