"""The migration's entries in the audit of actions taken on a customer's Dropbox (issue 10 §6):
a job started, finished, failed; the folders it created."""

from django.contrib.auth.models import AbstractBaseUser

from dropbox_integration.models import DropboxAction
from dropbox_integration.services import dropbox_action_record
from migration.models import MigrationJob, MigrationSource


def job_action_record(
    *,
    job: MigrationJob,
    event: str,
    user: AbstractBaseUser | None = None,
    failed_because: str = "",
    detail: dict | None = None,
) -> DropboxAction:
    """Record `event` ("started" or "finished") of a bulk, delta or verify job; a finished job that
    failed is recorded as finished with the result failed and the reason."""
    target = (
        MigrationSource.objects.filter(engagement_id=job.engagement_id)
        .values_list("target_root", flat=True)
        .first()
    )
    return dropbox_action_record(
        engagement=job.engagement,
        user=user,
        action=f"{job.kind}_{event}",
        target=target or "",
        result=DropboxAction.Result.FAILED if failed_because else DropboxAction.Result.OK,
        reason=failed_because,
        detail={"job": job.pk, **(detail or {})},
    )


def folders_created_record(*, job: MigrationJob, count: int) -> None:
    """Record the folders a job created in Dropbox, when it created any."""
    if count:
        dropbox_action_record(
            engagement=job.engagement,
            user=None,
            action=DropboxAction.Action.FOLDERS_CREATED,
            detail={"job": job.pk, "folders": count},
        )
