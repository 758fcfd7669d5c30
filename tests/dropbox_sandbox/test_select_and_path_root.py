"""Team tokens acting as members (Select-User / Select-Admin) and Dropbox-API-Path-Root."""

import dropbox
import pytest
from dropbox import common, team


@pytest.fixture
def team_and_member(dropbox_sandbox, sandbox_team):
    team_client = dropbox_sandbox.team_client(sandbox_team)
    launch = team_client.team_members_add_v2(
        [
            team.MemberAddV2Arg(
                member_email="anna@kund.example", member_given_name="Anna", member_surname="Berg"
            )
        ]
    )
    status = team_client.team_members_add_job_status_get_v2(launch.get_async_job_id())
    return team_client, status.get_complete()[0].get_success().profile.team_member_id


def test_select_user_works_in_the_members_home_namespace(team_and_member, sandbox_team):
    team_client, member_id = team_and_member
    anna = team_client.as_user(member_id)
    account = anna.users_get_current_account()
    assert account.email == "anna@kund.example" and account.name.display_name == "Anna Berg"
    assert account.root_info.root_namespace_id == sandbox_team["root_namespace_id"]

    anna.files_upload(b"privat", "/anteckning.txt")
    admin_home = team_client.as_admin(sandbox_team["admin_member_id"])
    with pytest.raises(dropbox.exceptions.ApiError):
        admin_home.files_get_metadata("/anteckning.txt")  # another member's home namespace
    home = common.PathRoot.namespace_id(account.root_info.home_namespace_id)
    assert admin_home.with_path_root(home).files_get_metadata("/anteckning.txt").size == 6


def test_team_space_root_is_shared_by_members(team_and_member, sandbox_team):
    team_client, member_id = team_and_member
    root = common.PathRoot.root(sandbox_team["root_namespace_id"])
    team_client.as_admin(sandbox_team["admin_member_id"]).with_path_root(root).files_create_folder_v2(
        "/Gemensamt"
    )
    listed = team_client.as_user(member_id).with_path_root(root).files_list_folder("")
    assert [e.name for e in listed.entries] == ["Gemensamt"]


def test_user_route_without_select_header_is_a_bad_request(team_and_member):
    team_client, _ = team_and_member
    with pytest.raises(dropbox.exceptions.BadInputError, match="Dropbox-API-Select-User"):
        dropbox.Dropbox(
            oauth2_access_token=team_client._oauth2_access_token, session=team_client._session
        ).files_list_folder("")


def test_select_admin_needs_an_admin_and_select_user_an_existing_member(team_and_member):
    team_client, member_id = team_and_member
    with pytest.raises(dropbox.exceptions.BadInputError):
        team_client.as_admin(member_id).users_get_current_account()
    with pytest.raises(dropbox.exceptions.BadInputError):
        team_client.as_user("dbmid:nobody").users_get_current_account()


def test_wrong_root_namespace_is_a_path_root_error(team_and_member, sandbox_team):
    team_client, _ = team_and_member
    admin = team_client.as_admin(sandbox_team["admin_member_id"])
    with pytest.raises(dropbox.exceptions.PathRootError) as error:
        admin.with_path_root(common.PathRoot.root("123")).files_list_folder("")
    assert error.value.error.is_invalid_root()
    assert error.value.error.get_invalid_root().root_namespace_id == sandbox_team["root_namespace_id"]
    with pytest.raises(dropbox.exceptions.PathRootError) as error:
        admin.with_path_root(common.PathRoot.namespace_id("424242")).files_list_folder("")
    assert error.value.error.is_no_permission()
