"""409 `too_many_write_operations` (how upload and batch routes report contention) is retried.

The sandbox reports contention as 429 (covered in test_retry_faults.py); Dropbox also nests it in
route errors. These build those errors with the SDK's own Stone types, as the SDK decodes them.
"""

import pytest
from dropbox import files
from dropbox.exceptions import ApiError

from dropbox_integration.errors import DropboxUnavailable
from dropbox_integration.retry import is_write_contention, with_retries

UPLOAD_CONTENTION = files.UploadError.path(
    files.UploadWriteFailed(reason=files.WriteError.too_many_write_operations, upload_session_id="s1")
)
NOT_FOUND = files.GetMetadataError.path(files.LookupError.not_found)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (files.DeleteError.too_many_write_operations, True),
        (UPLOAD_CONTENTION, True),
        (files.RelocationBatchError.too_many_write_operations, True),
        (NOT_FOUND, False),
        (
            files.UploadError.path(
                files.UploadWriteFailed(reason=files.WriteError.insufficient_space, upload_session_id="s")
            ),
            False,
        ),
    ],
)
def test_write_contention_is_found_wherever_the_route_nests_it(error, expected):
    assert is_write_contention(error) is expected


def _dropbox_answering(*errors):
    """A call that gets these route errors from Dropbox in turn, then succeeds."""
    answers = list(errors)

    def call():
        if answers:
            raise ApiError("request-id", answers.pop(0), None, None)
        return "uploaded"

    return call


def test_contention_is_retried_until_it_passes(settings):
    settings.DROPBOX_RETRY_BASE_SECONDS = 0.001
    assert with_retries(_dropbox_answering(UPLOAD_CONTENTION, UPLOAD_CONTENTION)) == "uploaded"


def test_contention_past_the_budget_gives_a_sentence(settings):
    settings.DROPBOX_RETRY_BASE_SECONDS = 0.001
    settings.DROPBOX_RETRY_ATTEMPTS = 2
    with pytest.raises(DropboxUnavailable, match="busy with other changes"):
        with_retries(_dropbox_answering(*[UPLOAD_CONTENTION] * 3))


def test_other_route_errors_reach_the_caller_at_once():
    with pytest.raises(ApiError) as raised:
        with_retries(_dropbox_answering(NOT_FOUND))
    assert raised.value.error.get_path().is_not_found()
