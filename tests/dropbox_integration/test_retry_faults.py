"""The retry layer against a sandbox that rate-limits, fails and drops connections.

No patching: the sandbox injects the faults, the real SDK meets them, with_retries copes.
"""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import dropbox
import pytest

from dropbox_integration.client import files_client, team_client
from dropbox_integration.errors import DropboxUnavailable
from dropbox_integration.retry import with_retries
from tests.dropbox_integration.sandbox_control import expected_content_hash

UPLOADS = 30


def _upload_all(client, folder: str, contents: dict[str, bytes]) -> None:
    def upload(name: str):
        return with_retries(
            client.files_upload, contents[name], f"{folder}/{name}", mode=dropbox.files.WriteMode.overwrite
        )

    # Four at a time, like a migration worker's threads; Retry-After waits then overlap.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(upload, contents))


def _listed(client, folder: str) -> dict[str, str]:
    result = with_retries(client.files_list_folder, folder, limit=2000)
    entries = list(result.entries)
    while result.has_more:
        result = with_retries(client.files_list_folder_continue, result.cursor)
        entries.extend(result.entries)
    return {entry.name: entry.content_hash for entry in entries}


def test_thirty_uploads_land_once_each_despite_rate_limits_and_server_errors(
    connected_engagement, faults, fast_retries, dropbox_sandbox
):
    client = files_client(connected_engagement)
    dropbox_sandbox.reset_call_counts()
    folder = f"/Kunder-{uuid.uuid4().hex[:8]}"
    contents = {f"Offert {n:02d}.txt": f"Offert nummer {n}\n".encode() * (n + 1) for n in range(UPLOADS)}
    with faults(rate_limit=0.2, server_error=0.05, retry_after=1):
        _upload_all(client, folder, contents)

    assert _listed(client, folder) == {name: expected_content_hash(data) for name, data in contents.items()}
    assert dropbox_sandbox.call_counts()["files/upload"] > UPLOADS  # faults were met, and retried


def test_uploads_survive_dropped_connections_and_write_contention(connected_engagement, faults, fast_retries):
    client = files_client(connected_engagement)
    folder = f"/Arkiv-{uuid.uuid4().hex[:8]}"
    contents = {f"Faktura {n:02d}.pdf": bytes([n]) * 5000 for n in range(UPLOADS)}
    with faults(drop=0.1, write_contention=0.1):
        _upload_all(client, folder, contents)

    assert _listed(client, folder) == {name: expected_content_hash(data) for name, data in contents.items()}


def test_server_errors_past_the_budget_give_a_sentence(connected_engagement, faults, fast_retries):
    client = team_client(connected_engagement)
    with_retries(client.team_get_info)  # token fetched before the sandbox starts failing
    faults(server_error=1.0)
    with pytest.raises(DropboxUnavailable, match=r"server error 6 times in a row \(HTTP 5\d\d\)"):
        with_retries(client.team_get_info)


def test_rate_limits_wait_for_retry_after_then_give_up_with_a_sentence(
    connected_engagement, faults, fast_retries
):
    fast_retries.DROPBOX_RATE_LIMIT_RETRIES = 2
    client = team_client(connected_engagement)
    with_retries(client.team_get_info)
    faults(rate_limit=1.0, retry_after=1)
    started = time.monotonic()
    with pytest.raises(DropboxUnavailable, match="kept limiting how fast") as raised:
        with_retries(client.team_get_info)
    assert time.monotonic() - started >= 2.0  # two waits of Retry-After: 1 s each
    assert raised.value.retry_after == 1


def test_a_retry_after_longer_than_the_limit_is_handed_back_not_slept(
    connected_engagement, faults, fast_retries
):
    fast_retries.DROPBOX_RETRY_MAX_WAIT_SECONDS = 30
    client = team_client(connected_engagement)
    with_retries(client.team_get_info)
    faults(rate_limit=1.0, retry_after=120)
    started = time.monotonic()
    with pytest.raises(DropboxUnavailable, match="wait 120 seconds") as raised:
        with_retries(client.team_get_info)
    assert time.monotonic() - started < 5
    assert raised.value.retry_after == 120


def test_route_errors_are_not_retried(connected_engagement, faults):
    client = files_client(connected_engagement)
    with pytest.raises(dropbox.exceptions.ApiError) as raised:
        with_retries(client.files_get_metadata, "/Finns inte")
    assert raised.value.error.get_path().is_not_found()
