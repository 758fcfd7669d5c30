"""Members see a team folder only once they are on its member list; viewers cannot write."""

import dropbox
import pytest
from dropbox import common, sharing, team


@pytest.fixture
def setup(dropbox_sandbox, sandbox_team):
    team_client = dropbox_sandbox.team_client(sandbox_team)
    launch = team_client.team_members_add_v2([team.MemberAddV2Arg(member_email="anna@kund.example")])
    member_id = team_client.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()[0]
    member_id = member_id.get_success().profile.team_member_id
    folder = team_client.team_team_folder_create("Ekonomi")
    admin = dropbox_sandbox.admin_client(sandbox_team)
    admin.files_upload(b"budget", "/Ekonomi/budget.xlsx")
    admin.files_create_folder_v2("/Gemensamt")
    anna = team_client.as_user(member_id).with_path_root(
        common.PathRoot.root(sandbox_team["root_namespace_id"])
    )
    return team_client, admin, anna, folder.team_folder_id


def _add(admin, folder_id, selector, level):
    admin.sharing_add_folder_member(folder_id, [sharing.AddMember(selector, level)])


def test_a_member_does_not_see_a_team_folder_before_being_added(setup):
    _, admin, anna, folder_id = setup
    assert [entry.name for entry in anna.files_list_folder("").entries] == ["Gemensamt"]
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.files_download("/Ekonomi/budget.xlsx")
    assert error.value.error.get_path().is_not_found()

    _add(admin, folder_id, sharing.MemberSelector.email("anna@kund.example"), sharing.AccessLevel.viewer)
    assert sorted(entry.name for entry in anna.files_list_folder("").entries) == ["Ekonomi", "Gemensamt"]
    assert anna.files_download("/Ekonomi/budget.xlsx")[1].content == b"budget"


def test_a_viewer_cannot_write_and_an_editor_can(setup):
    _, admin, anna, folder_id = setup
    anna_selector = sharing.MemberSelector.email("anna@kund.example")
    _add(admin, folder_id, anna_selector, sharing.AccessLevel.viewer)
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.files_upload(b"x", "/Ekonomi/ny.txt")
    assert error.value.error.get_path().reason.is_no_write_permission()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.files_delete_v2("/Ekonomi/budget.xlsx")
    assert error.value.error.get_path_write().is_no_write_permission()

    admin.sharing_update_folder_member(folder_id, anna_selector, sharing.AccessLevel.editor)
    assert anna.files_upload(b"x", "/Ekonomi/ny.txt").path_display == "/Ekonomi/ny.txt"


def test_access_through_a_group(setup):
    team_client, admin, anna, folder_id = setup
    group = team_client.team_groups_create("Ekonomigruppen")
    team_client.team_groups_members_add(
        team.GroupSelector.group_id(group.group_id),
        [team.MemberAccess(team.UserSelectorArg.email("anna@kund.example"), team.GroupAccessType.member)],
    )
    _add(admin, folder_id, sharing.MemberSelector.dropbox_id(group.group_id), sharing.AccessLevel.editor)
    assert anna.files_get_metadata("/Ekonomi/budget.xlsx").size == 6


def test_removed_access_hides_the_folder_again(setup):
    _, admin, anna, folder_id = setup
    anna_selector = sharing.MemberSelector.email("anna@kund.example")
    _add(admin, folder_id, anna_selector, sharing.AccessLevel.editor)
    admin.sharing_remove_folder_member(folder_id, anna_selector, leave_a_copy=False)
    with pytest.raises(dropbox.exceptions.ApiError):
        anna.files_get_metadata("/Ekonomi")
