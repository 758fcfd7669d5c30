"""The sandbox-only admin routes under /__sandbox__/: faults, call counts, licences."""

import pytest
import requests


@pytest.fixture
def http(dropbox_sandbox):
    return dropbox_sandbox.session()


def test_call_counts_by_route_and_reset(dropbox_sandbox, sandbox_admin):
    dropbox_sandbox.reset_call_counts()
    sandbox_admin.files_create_folder_v2("/A")
    sandbox_admin.files_create_folder_v2("/B")
    sandbox_admin.files_list_folder("")

    counts = dropbox_sandbox.call_counts()
    assert counts["files/create_folder_v2"] == 2
    assert counts["files/list_folder"] == 1
    dropbox_sandbox.reset_call_counts()
    assert dropbox_sandbox.call_counts() == {}


def test_faults_can_be_read_and_bad_values_are_refused(dropbox_sandbox, http):
    with dropbox_sandbox.set_faults(rate_limit=0.25):
        assert http.get(f"{dropbox_sandbox.url}/__sandbox__/faults").json()["rate_limit"] == 0.25
    assert http.get(f"{dropbox_sandbox.url}/__sandbox__/faults").json()["rate_limit"] == 0

    for bad in ({"rate_limit": 2}, {"no_such_fault": 1}, {"drop": "often"}):
        response = http.post(f"{dropbox_sandbox.url}/__sandbox__/faults", json=bad)
        assert response.status_code == 400, bad
        assert response.text


def test_licences_of_an_unknown_team_is_404(dropbox_sandbox, http):
    response = http.post(
        f"{dropbox_sandbox.url}/__sandbox__/teams/dbtid:nope/licences", json={"num_licensed_users": 3}
    )
    assert response.status_code == 404
    with pytest.raises(requests.HTTPError):
        dropbox_sandbox.set_licences("dbtid:nope", 3)


def test_unknown_paths_and_routes(dropbox_sandbox, http):
    assert http.get(f"{dropbox_sandbox.url}/__sandbox__/nothing").status_code == 404
    assert http.get(f"{dropbox_sandbox.url}/elsewhere").status_code == 404
    response = http.post(f"{dropbox_sandbox.url}/2/files/no_such_route", data=b"{}")
    assert response.status_code == 400 and "Unknown API function" in response.text
