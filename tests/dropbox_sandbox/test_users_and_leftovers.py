"""users/get_space_usage, user-linked tokens, and the error paths of the smaller routes."""

import re

import dropbox
import pytest
from dropbox import team
from dropbox.oauth import DropboxOAuth2FlowNoRedirect

from tests.dropbox_fixtures import SANDBOX_APP_KEY


def test_space_usage_counts_the_teams_files(sandbox_admin):
    before = sandbox_admin.users_get_space_usage()
    sandbox_admin.files_upload(b"x" * 1000, "/fil.bin")
    after = sandbox_admin.users_get_space_usage()
    assert after.used == before.used + 1000
    assert after.allocation.is_team()


def test_a_user_scoped_authorization_gives_a_user_token(dropbox_sandbox):
    flow = DropboxOAuth2FlowNoRedirect(
        SANDBOX_APP_KEY,
        use_pkce=True,
        token_access_type="offline",
        scope=["account_info.read", "files.content.write"],
        ca_certs=str(dropbox_sandbox.ca_path),
    )
    flow.requests_session.trust_env = False
    page = flow.requests_session.get(flow.start(), timeout=10).text
    result = flow.finish(re.search(r'id="auth-code">([^<]+)<', page).group(1))
    user = dropbox.Dropbox(oauth2_access_token=result.access_token, session=dropbox_sandbox.session())

    assert user.users_get_current_account().account_id == result.account_id
    assert user.files_upload(b"mine", "/egen.txt").path_display == "/egen.txt"
    team_route = dropbox.DropboxTeam(
        oauth2_access_token=result.access_token, session=dropbox_sandbox.session()
    )
    with pytest.raises(dropbox.exceptions.BadInputError, match="single user"):
        team_route.team_get_info()


def test_revoke_with_an_unknown_token_is_an_auth_error(dropbox_sandbox):
    client = dropbox.Dropbox(oauth2_access_token="unknown", session=dropbox_sandbox.session())
    with pytest.raises(dropbox.exceptions.AuthError):
        client.auth_token_revoke()


def test_latest_cursor_of_a_missing_folder(sandbox_admin):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_list_folder_get_latest_cursor("/saknas")
    assert error.value.error.get_path().is_not_found()


def test_unknown_shared_folder_and_job_ids(dropbox_sandbox, sandbox_team, sandbox_admin):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.sharing_get_folder_metadata("999999")
    assert error.value.error.is_invalid_id()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.sharing_check_job_status("dbjid:nope")
    assert error.value.error.is_invalid_async_job_id()
    team_client = dropbox_sandbox.team_client(sandbox_team)
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_groups_job_status_get("dbjid:nope")
    assert error.value.error.is_invalid_async_job_id()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_members_add_job_status_get_v2("dbjid:nope")
    assert error.value.error.is_invalid_async_job_id()


def test_groups_job_status_completes(dropbox_sandbox, sandbox_team):
    team_client = dropbox_sandbox.team_client(sandbox_team)
    group = team_client.team_groups_create("Ledning")
    admin = team.UserSelectorArg.team_member_id(sandbox_team["admin_member_id"])
    changed = team_client.team_groups_members_add(
        team.GroupSelector.group_id(group.group_id), [team.MemberAccess(admin, team.GroupAccessType.owner)]
    )
    assert team_client.team_groups_job_status_get(changed.async_job_id).is_complete()
