"""Celery tasks of licensing: thin, taking ids, each calling a service."""

from celery import shared_task

from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected, DropboxUnavailable
from licensing.services import InvitationError, invitation_batch_run, invitation_run_fail

RETRY_WHEN_UNAVAILABLE_SECONDS = 30


@shared_task(bind=True, acks_late=True, max_retries=10)
def invitation_batch_task(self, run_id: int) -> None:
    """One batch (≤ 20 members) of an invitation run; enqueues the next while members remain, so
    a killed worker costs one batch and the run goes on where the database says it stopped."""
    try:
        more = invitation_batch_run(run_id=run_id)
    except DropboxUnavailable as error:
        if self.request.retries >= self.max_retries:
            invitation_run_fail(run_id=run_id, message=error.message)
            return
        raise self.retry(countdown=error.retry_after or RETRY_WHEN_UNAVAILABLE_SECONDS) from error
    except (DropboxAccessLost, DropboxNotConnected, InvitationError) as error:
        invitation_run_fail(run_id=run_id, message=error.message)
        return
    if more:
        invitation_batch_task.delay(run_id)
