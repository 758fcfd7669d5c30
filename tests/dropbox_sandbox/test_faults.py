"""Injected faults: the SDK sees Dropbox's own 429/5xx, and a faulted call never changes state."""

import dropbox
import pytest
import requests


@pytest.fixture
def admin(dropbox_sandbox, sandbox_team):
    """A client that does not retry by itself, so each fault is visible."""
    client = dropbox_sandbox.admin_client(sandbox_team, max_retries_on_error=0, max_retries_on_rate_limit=0)
    client.users_get_current_account()  # token refreshed before faults start
    yield client
    dropbox_sandbox.reset_faults()


def test_rate_limit_is_a_429_with_retry_after(dropbox_sandbox, admin):
    dropbox_sandbox.set_faults(rate_limit=1, retry_after=7)
    with pytest.raises(dropbox.exceptions.RateLimitError) as error:
        admin.files_list_folder("")
    assert error.value.backoff == 7
    assert error.value.error.reason.is_too_many_requests()


def test_write_contention_hits_writes_only_and_writes_nothing(dropbox_sandbox, admin):
    dropbox_sandbox.set_faults(write_contention=1)
    with pytest.raises(dropbox.exceptions.RateLimitError) as error:
        admin.files_upload(b"x", "/contended.txt")
    assert error.value.error.reason.is_too_many_write_operations()
    admin.files_list_folder("")  # reads pass

    dropbox_sandbox.reset_faults()
    with pytest.raises(dropbox.exceptions.ApiError):
        admin.files_get_metadata("/contended.txt")


def test_server_error_is_a_5xx_and_writes_nothing(dropbox_sandbox, admin):
    dropbox_sandbox.set_faults(server_error=1)
    with pytest.raises(dropbox.exceptions.InternalServerError):
        admin.files_create_folder_v2("/Ny")
    dropbox_sandbox.reset_faults()
    with pytest.raises(dropbox.exceptions.ApiError):
        admin.files_get_metadata("/Ny")


def test_drop_closes_the_connection_without_an_answer(dropbox_sandbox, admin):
    dropbox_sandbox.set_faults(drop=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        admin.files_create_folder_v2("/Tappad")
    dropbox_sandbox.reset_faults()
    with pytest.raises(dropbox.exceptions.ApiError):
        admin.files_get_metadata("/Tappad")


def test_sdk_retries_through_20_percent_rate_limits_and_5_percent_server_errors(
    dropbox_sandbox, sandbox_team
):
    admin = dropbox_sandbox.admin_client(sandbox_team)  # the SDK's own retries
    admin.users_get_current_account()
    dropbox_sandbox.reset_call_counts()
    with dropbox_sandbox.set_faults(rate_limit=0.2, server_error=0.05, retry_after=0):
        for n in range(15):
            admin.files_upload(f"fil {n}".encode(), f"/Fel/{n}.txt")
        listed = admin.files_list_folder("/Fel")

    assert sorted(entry.name for entry in listed.entries) == sorted(f"{n}.txt" for n in range(15))
    assert admin.files_download("/Fel/7.txt")[1].content == b"fil 7"
    assert dropbox_sandbox.call_counts()["files/upload"] >= 15


def test_latency_slows_every_call(dropbox_sandbox, admin):
    import time

    with dropbox_sandbox.set_faults(latency_ms=150):
        started = time.monotonic()
        admin.files_list_folder("")
        assert time.monotonic() - started >= 0.15


@pytest.mark.parametrize(
    ("url_name", "writes"),
    [
        ("files/upload", True),
        ("files/upload_session/finish_batch_v2", True),
        ("sharing/share_folder", True),
        ("team/members/list_v2", False),
        ("files/delete_batch/check", False),
        ("team/members/add/job_status/get_v2", False),
        ("users/get_current_account", False),
    ],
)
def test_write_contention_only_targets_routes_that_write(url_name, writes):
    from dropbox_sandbox.faults import is_write_route

    assert is_write_route(url_name) is writes
