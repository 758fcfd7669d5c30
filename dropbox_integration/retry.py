"""The one place where calls to Dropbox are retried.

Clients from dropbox_integration.client have the SDK's own retries switched off, so every
retry in the project happens here, with one policy:

- 429 (`RateLimitError`, both `too_many_requests` and `too_many_write_operations`): wait the
  `Retry-After` Dropbox sent (plus a little jitter, so many workers do not return at once),
  up to DROPBOX_RATE_LIMIT_RETRIES times. A Retry-After longer than DROPBOX_RETRY_MAX_WAIT_SECONDS
  is not slept through: it becomes DropboxUnavailable carrying `retry_after`, so a Celery task
  can re-queue itself with that countdown instead of holding a worker.
- 5xx (`InternalServerError`), dropped or timed-out connections (`requests` ConnectionError,
  ChunkedEncodingError, Timeout) and a 409 whose error is `too_many_write_operations` (how
  the batch and upload-session routes report write contention): exponential backoff with full
  jitter, up to DROPBOX_RETRY_ATTEMPTS retries.
- After the budget: `DropboxUnavailable`, a DomainError with a sentence.
- A token Dropbox no longer accepts (`AuthError`): `DropboxAccessLost`, never retried.
  (An expired access token is refreshed by the SDK itself, once, inside the call.)

Which calls are safe to retry as they are:
- Every read (get_metadata, list_folder*, download, team/get_info, members/list*...).
- files/upload with mode `overwrite` (or `update` with the rev read before), create_folder
  (a retried create whose first attempt landed answers `path/conflict/folder`: treat as done),
  delete (`path_lookup/not_found` on the retry: done), the *_batch/check job-status routes.
- upload_session/start (an orphaned session expires by itself).
NOT safe without the caller's help:
- upload_session/append_v2 and finish with offsets: if the first attempt landed, the retry
  gets `incorrect_offset` carrying `correct_offset`; the caller (migration engine) resumes from
  it. Retries here never hide that error.
- files/upload in mode `add` with autorename, move_v2 and copy: a landed first attempt makes
  the retry create a second file, or fail with `from_lookup/not_found`; the caller decides.
- team/members/add, groups/create, share_folder: a landed first attempt makes the retry answer
  "already exists"; callers treat that as done.
"""

import logging
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from dropbox.exceptions import ApiError, AuthError, InternalServerError, RateLimitError

from dropbox_integration.errors import DropboxAccessLost, DropboxUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

DROPPED_CONNECTION_ERRORS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.Timeout,
)


def is_write_contention(error: Any, depth: int = 0) -> bool:
    """True when a Stone error value is, or wraps, `too_many_write_operations`.

    It sits at different depths per route: DeleteError.too_many_write_operations,
    UploadError.path -> UploadWriteFailed.reason -> WriteError.too_many_write_operations, ...
    """
    if error is None or depth > 5:
        return False
    tag = getattr(error, "_tag", None)
    if tag is not None:
        return tag == "too_many_write_operations" or is_write_contention(
            getattr(error, "_value", None), depth + 1
        )
    for field_name in getattr(error, "_all_field_names_", ()):
        if is_write_contention(getattr(error, field_name, None), depth + 1):
            return True
    return False


def _backoff_seconds(retry_number: int) -> float:
    """Full jitter: uniform between 0 and base * 2^n, capped."""
    base = settings.DROPBOX_RETRY_BASE_SECONDS
    cap = settings.DROPBOX_RETRY_MAX_BACKOFF_SECONDS
    return random.uniform(0, min(cap, base * 2**retry_number))  # noqa: S311 - jitter, not crypto


def _name_of(fn: Callable) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def with_retries(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call fn(*args, **kwargs), retrying what is worth retrying (see the module docstring).

    Raises DropboxUnavailable after the retry budget, DropboxAccessLost when Dropbox refuses
    the token, and lets every other error through unchanged (ApiError for route errors such as
    `path/not_found` or `incorrect_offset`, which are the caller's to handle).
    """
    return _call(
        fn,
        args,
        kwargs,
        error_retries=settings.DROPBOX_RETRY_ATTEMPTS,
        rate_limit_retries=settings.DROPBOX_RATE_LIMIT_RETRIES,
    )


def without_retries(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """One attempt, with the same errors as with_retries: for a page that must answer quickly."""
    return _call(fn, args, kwargs, error_retries=0, rate_limit_retries=0)


def _call(
    fn: Callable[..., T], args: tuple, kwargs: dict, *, error_retries: int, rate_limit_retries: int
) -> T:
    max_wait = settings.DROPBOX_RETRY_MAX_WAIT_SECONDS
    errors_seen = 0
    rate_limits_seen = 0
    while True:
        try:
            return fn(*args, **kwargs)
        except RateLimitError as error:
            rate_limits_seen += 1
            retry_after = float(error.backoff) if error.backoff is not None else 5.0
            if retry_after > max_wait:
                raise DropboxUnavailable(
                    _("Dropbox asked us to wait %(seconds)d seconds before calling again. Try again later.")
                    % {"seconds": retry_after},
                    retry_after=retry_after,
                ) from error
            if rate_limits_seen > rate_limit_retries:
                raise DropboxUnavailable(
                    _(
                        "Dropbox kept limiting how fast we may call it (%(count)d times in a row). "
                        "Try again in a few minutes."
                    )
                    % {"count": rate_limits_seen},
                    retry_after=retry_after,
                ) from error
            wait = retry_after + random.uniform(0, min(1.0, retry_after * 0.1 + 0.05))  # noqa: S311
            reason = "rate limited"
        except ApiError as error:
            if not is_write_contention(error.error):
                raise
            errors_seen += 1
            if errors_seen > error_retries:
                raise DropboxUnavailable(
                    _(
                        "Dropbox is busy with other changes in this folder and refused the change "
                        "%(count)d times. Try again in a few minutes."
                    )
                    % {"count": errors_seen}
                ) from error
            wait = _backoff_seconds(errors_seen)
            reason = "too_many_write_operations"
        except InternalServerError as error:
            errors_seen += 1
            if errors_seen > error_retries:
                raise DropboxUnavailable(
                    _(
                        "Dropbox answered with a server error %(count)d times in a row "
                        "(HTTP %(status)s). Try again later."
                    )
                    % {"count": errors_seen, "status": error.status_code}
                ) from error
            wait = _backoff_seconds(errors_seen)
            reason = f"HTTP {error.status_code}"
        except DROPPED_CONNECTION_ERRORS as error:
            errors_seen += 1
            if errors_seen > error_retries:
                raise DropboxUnavailable(
                    _(
                        "Dropbox could not be reached (%(count)d attempts). Check the network "
                        "connection, or that the Dropbox sandbox is running, and try again."
                    )
                    % {"count": errors_seen}
                ) from error
            wait = _backoff_seconds(errors_seen)
            reason = type(error).__name__
        except AuthError as error:
            raise DropboxAccessLost(access_lost_sentence(error)) from error
        logger.info(
            "Dropbox call %s: %s; retrying in %.2f s (errors %d/%d, rate limits %d/%d)",
            _name_of(fn),
            reason,
            wait,
            errors_seen,
            error_retries,
            rate_limits_seen,
            rate_limit_retries,
        )
        time.sleep(wait)


def access_lost_sentence(error: AuthError) -> str:
    auth_error = error.error
    if auth_error is not None and auth_error.is_missing_scope():
        return _(
            "The Dropbox connection lacks a permission this needs (%(scope)s). "
            "An admin must disconnect Dropbox and connect it again."
        ) % {"scope": auth_error.get_missing_scope().required_scope}
    if auth_error is not None and (auth_error.is_invalid_select_admin() or auth_error.is_user_suspended()):
        return _(
            "The Dropbox team admin who connected this engagement is no longer an active admin. "
            "An admin must disconnect Dropbox and connect it again with a current team admin."
        )
    return _(
        "Dropbox no longer accepts this engagement's connection (the app was unlinked or the "
        "token revoked). An admin must disconnect Dropbox and connect it again."
    )
