"""Celery tasks of the folder plan: thin, taking ids, calling licensing.folders.jobs."""

from celery import shared_task

from licensing.folders.jobs import folder_job_execute


@shared_task(acks_late=True)
def folder_job_run(job_id: int) -> None:
    """Plan, apply, verify or drift-check one folder plan (the job row says which)."""
    folder_job_execute(job_id=job_id)
