"""sharing/share_folder (+ job status), add/list/update/remove_folder_member (+ job status)."""

import dropbox
import pytest
from dropbox import sharing, team


@pytest.fixture
def setup(dropbox_sandbox, sandbox_team):
    team_client = dropbox_sandbox.team_client(sandbox_team)
    launch = team_client.team_members_add_v2([team.MemberAddV2Arg(member_email="anna@kund.example")])
    team_client.team_members_add_job_status_get_v2(launch.get_async_job_id())
    group = team_client.team_groups_create("Projektgrupp")
    return dropbox_sandbox.admin_client(sandbox_team), group


def _share(admin, path):
    launch = admin.sharing_share_folder(path)
    assert launch.is_async_job_id()
    status = admin.sharing_check_share_job_status(launch.get_async_job_id())
    assert status.is_complete()
    return status.get_complete()


def test_share_folder_creates_a_shared_folder_namespace(setup):
    admin, _ = setup
    admin.files_upload(b"x", "/Delat/fil.txt")
    shared = _share(admin, "/delat")

    assert shared.name == "Delat" and shared.path_display == "/Delat"
    assert shared.access_type.is_owner()
    assert admin.files_get_metadata("/Delat").shared_folder_id == shared.shared_folder_id
    assert (
        admin.sharing_get_folder_metadata(shared.shared_folder_id).shared_folder_id == shared.shared_folder_id
    )


def test_share_folder_errors(setup):
    admin, _ = setup
    admin.files_upload(b"x", "/fil.txt")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_share_folder("/fil.txt")
    assert error.value.error.get_bad_path().is_is_file()
    _share(admin, "/Delat")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_share_folder("/Delat")
    assert error.value.error.get_bad_path().is_already_shared()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_share_folder("/Delat/Inne")
    assert error.value.error.get_bad_path().is_inside_shared_folder()


def test_members_added_listed_updated_and_removed(setup):
    admin, group = setup
    shared = _share(admin, "/Projekt")
    folder_id = shared.shared_folder_id
    admin.sharing_add_folder_member(
        folder_id,
        [
            sharing.AddMember(sharing.MemberSelector.email("anna@kund.example"), sharing.AccessLevel.editor),
            sharing.AddMember(sharing.MemberSelector.dropbox_id(group.group_id), sharing.AccessLevel.viewer),
            sharing.AddMember(sharing.MemberSelector.email("extern@partner.example")),
        ],
    )
    members = admin.sharing_list_folder_members(folder_id)
    users = {u.user.email: u.access_type._tag for u in members.users}
    assert users["anna@kund.example"] == "editor"
    assert sorted(users.values()) == ["editor", "owner"]  # the admin who shared it owns it
    assert [(g.group.group_name, g.access_type._tag) for g in members.groups] == [("Projektgrupp", "viewer")]
    assert [i.invitee.get_email() for i in members.invitees] == ["extern@partner.example"]

    anna = sharing.MemberSelector.email("anna@kund.example")
    result = admin.sharing_update_folder_member(folder_id, anna, sharing.AccessLevel.viewer)
    assert result.access_level.is_viewer()
    launch = admin.sharing_remove_folder_member(folder_id, anna, leave_a_copy=False)
    assert admin.sharing_check_remove_member_job_status(launch.get_async_job_id()).is_complete()
    emails = [u.user.email for u in admin.sharing_list_folder_members(folder_id).users]
    assert "anna@kund.example" not in emails


def test_member_errors(setup):
    admin, _ = setup
    folder_id = _share(admin, "/Projekt").shared_folder_id
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_add_folder_member(
            "999999", [sharing.AddMember(sharing.MemberSelector.email("a@b.example"))]
        )
    assert error.value.error.get_access_error().is_invalid_id()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_list_folder_members("999999")
    assert error.value.error.is_invalid_id()
    nobody = sharing.MemberSelector.email("nobody@kund.example")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_update_folder_member(folder_id, nobody, sharing.AccessLevel.editor)
    assert error.value.error.get_member_error().is_not_a_member()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_remove_folder_member(folder_id, nobody, leave_a_copy=False)
    assert error.value.error.get_member_error().is_not_a_member()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        admin.sharing_add_folder_member(
            folder_id, [sharing.AddMember(sharing.MemberSelector.dropbox_id("g:nope"))]
        )
    assert error.value.error.get_bad_member().is_invalid_group()
