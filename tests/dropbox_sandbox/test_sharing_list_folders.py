"""sharing/list_folders (+ continue): the shared and team folders a member is on, from their side."""

import dropbox
import pytest
from dropbox import sharing, team


@pytest.fixture
def anna(dropbox_sandbox, sandbox_team):
    client = dropbox_sandbox.team_client(sandbox_team)
    launch = client.team_members_add_v2([team.MemberAddV2Arg(member_email="anna@kund.example")])
    anna_id = (
        client.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()[0].get_success()
    ).profile.team_member_id
    group = client.team_groups_create("Alla")
    client.team_groups_members_add(
        team.GroupSelector.group_id(group.group_id),
        [team.MemberAccess(team.UserSelectorArg.team_member_id(anna_id), team.GroupAccessType.member)],
    )
    admin = dropbox_sandbox.admin_client(sandbox_team)
    folders = {
        name: client.team_team_folder_create(name).team_folder_id
        for name in ("Ekonomi", "Ledning", "Gemensamt")
    }
    admin.sharing_add_folder_member(
        folders["Ekonomi"],
        [sharing.AddMember(sharing.MemberSelector.dropbox_id(anna_id), sharing.AccessLevel.viewer)],
    )
    admin.sharing_add_folder_member(
        folders["Gemensamt"],
        [sharing.AddMember(sharing.MemberSelector.dropbox_id(group.group_id), sharing.AccessLevel.editor)],
    )
    return client.as_user(anna_id)


def test_a_member_lists_the_folders_they_are_on(anna):
    listed = anna.sharing_list_folders()
    assert [(f.name, f.access_type._tag, f.is_team_folder) for f in listed.entries] == [
        ("Ekonomi", "viewer", True),
        ("Gemensamt", "editor", True),  # through the group
    ]
    assert listed.cursor is None


def test_list_folders_pages_with_continue(anna):
    first = anna.sharing_list_folders(limit=1)
    assert [f.name for f in first.entries] == ["Ekonomi"] and first.cursor
    rest = anna.sharing_list_folders_continue(first.cursor)
    assert [f.name for f in rest.entries] == ["Gemensamt"] and rest.cursor is None
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.sharing_list_folders_continue("garbage")
    assert error.value.error.is_invalid_cursor()
