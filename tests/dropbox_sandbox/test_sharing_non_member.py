"""A member who is not on a shared or team folder's member list is told not_a_member, as on Dropbox."""

import dropbox
import pytest
from dropbox import sharing, team


@pytest.fixture
def folder(dropbox_sandbox, sandbox_team):
    """A team folder with Anna as viewer; Bo is on the team but not on the folder."""
    team_client = dropbox_sandbox.team_client(sandbox_team)
    launch = team_client.team_members_add_v2(
        [
            team.MemberAddV2Arg(member_email="anna@kund.example"),
            team.MemberAddV2Arg(member_email="bo@kund.example"),
        ]
    )
    results = team_client.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()
    anna_id, bo_id = (r.get_success().profile.team_member_id for r in results)
    folder_id = team_client.team_team_folder_create("Ekonomi").team_folder_id
    admin = dropbox_sandbox.admin_client(sandbox_team)
    admin.sharing_add_folder_member(
        folder_id,
        [sharing.AddMember(sharing.MemberSelector.email("anna@kund.example"), sharing.AccessLevel.viewer)],
    )
    return folder_id, admin, team_client.as_user(anna_id), team_client.as_user(bo_id)


def test_get_folder_metadata_tells_a_non_member_not_a_member(folder):
    folder_id, admin, anna, bo = folder
    assert anna.sharing_get_folder_metadata(folder_id).access_type.is_viewer()
    assert admin.sharing_get_folder_metadata(folder_id).access_type.is_editor()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        bo.sharing_get_folder_metadata(folder_id)
    assert error.value.error.is_not_a_member()


def test_list_folder_members_tells_a_non_member_not_a_member(folder):
    folder_id, _, anna, bo = folder
    assert [u.user.email for u in anna.sharing_list_folder_members(folder_id).users] == ["anna@kund.example"]
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        bo.sharing_list_folder_members(folder_id)
    assert error.value.error.is_not_a_member()


def test_changing_members_needs_membership_and_editor_access(folder):
    folder_id, _, anna, bo = folder
    bo_selector = sharing.MemberSelector.email("bo@kund.example")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        bo.sharing_add_folder_member(folder_id, [sharing.AddMember(bo_selector, sharing.AccessLevel.editor)])
    assert error.value.error.get_access_error().is_not_a_member()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.sharing_add_folder_member(
            folder_id, [sharing.AddMember(bo_selector, sharing.AccessLevel.editor)]
        )
    assert error.value.error.is_no_permission()  # a viewer
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        bo.sharing_remove_folder_member(folder_id, sharing.MemberSelector.email("anna@kund.example"), False)
    assert error.value.error.get_access_error().is_not_a_member()
