"""Error paths every route shares: a team route with a user token, a user route without a member."""

import re

import dropbox
import pytest
from dropbox import sharing, team
from dropbox.oauth import DropboxOAuth2FlowNoRedirect

from tests.dropbox_fixtures import SANDBOX_APP_KEY

TEAM_CALLS = {
    "team/get_info": lambda c: c.team_get_info(),
    "team/token/get_authenticated_admin": lambda c: c.team_token_get_authenticated_admin(),
    "team/members/list_v2": lambda c: c.team_members_list_v2(),
    "team/members/add_v2": lambda c: c.team_members_add_v2([team.MemberAddV2Arg("a@kund.example")]),
    "team/members/remove": lambda c: c.team_members_remove(team.UserSelectorArg.email("a@kund.example")),
    "team/members/get_info_v2": lambda c: c.team_members_get_info_v2(
        [team.UserSelectorArg.email("a@kund.example")]
    ),
    "team/groups/create": lambda c: c.team_groups_create("Grupp"),
    "team/groups/list": lambda c: c.team_groups_list(),
    "team/team_folder/create": lambda c: c.team_team_folder_create("Mapp"),
    "team/team_folder/list": lambda c: c.team_team_folder_list(),
    "team/namespaces/list": lambda c: c.team_namespaces_list(),
}

MEMBER_CALLS = {
    "users/get_space_usage": lambda c: c.users_get_space_usage(),
    "files/upload_session/start_batch": lambda c: c.files_upload_session_start_batch(2),
    "files/list_folder/get_latest_cursor": lambda c: c.files_list_folder_get_latest_cursor(""),
    "sharing/get_folder_metadata": lambda c: c.sharing_get_folder_metadata("1"),
    "sharing/list_folder_members": lambda c: c.sharing_list_folder_members("1"),
    "sharing/share_folder": lambda c: c.sharing_share_folder("/Delad"),
}


@pytest.fixture(scope="module")
def user_token(dropbox_sandbox):
    flow = DropboxOAuth2FlowNoRedirect(
        SANDBOX_APP_KEY, use_pkce=True, scope=["account_info.read"], ca_certs=str(dropbox_sandbox.ca_path)
    )
    flow.requests_session.trust_env = False
    page = flow.requests_session.get(flow.start(), timeout=10).text
    return flow.finish(re.search(r'id="auth-code">([^<]+)<', page).group(1)).access_token


@pytest.mark.parametrize("route", sorted(TEAM_CALLS))
def test_team_route_with_a_user_token_is_a_bad_request(dropbox_sandbox, user_token, route):
    client = dropbox.DropboxTeam(oauth2_access_token=user_token, session=dropbox_sandbox.session())
    with pytest.raises(dropbox.exceptions.BadInputError, match="single user"):
        TEAM_CALLS[route](client)


@pytest.mark.parametrize("route", sorted(MEMBER_CALLS))
def test_member_route_with_a_bare_team_token_is_a_bad_request(dropbox_sandbox, sandbox_team, route):
    client = dropbox.Dropbox(
        oauth2_access_token=sandbox_team["access_token"], session=dropbox_sandbox.session()
    )
    with pytest.raises(dropbox.exceptions.BadInputError, match="Dropbox-API-Select-User"):
        MEMBER_CALLS[route](client)


def test_sharing_routes_refuse_unknown_folder_ids_for_members(sandbox_admin):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.sharing_update_folder_member(
            "1", sharing.MemberSelector.email("a@kund.example"), sharing.AccessLevel.viewer
        )
    assert error.value.error.get_access_error().is_invalid_id()
