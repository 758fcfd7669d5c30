"""Someone invited to a folder by e-mail before joining the team becomes its member once added."""

import pytest
from dropbox import common, sharing, team


@pytest.fixture
def folder(dropbox_sandbox, sandbox_team):
    team_client = dropbox_sandbox.team_client(sandbox_team)
    folder_id = team_client.team_team_folder_create("Ekonomi").team_folder_id
    admin = dropbox_sandbox.admin_client(sandbox_team)
    admin.files_upload(b"budget", "/Ekonomi/budget.xlsx")
    invite = sharing.AddMember(
        sharing.MemberSelector.email("Cecilia@kund.example"), sharing.AccessLevel.editor
    )
    admin.sharing_add_folder_member(folder_id, [invite])
    return team_client, admin, folder_id


def test_an_email_invitee_is_listed_as_an_invitee_until_they_join(folder):
    _, admin, folder_id = folder
    members = admin.sharing_list_folder_members(folder_id)
    assert [(i.invitee.get_email(), i.access_type._tag) for i in members.invitees] == [
        ("cecilia@kund.example", "editor")
    ]
    assert members.users == []


def test_members_add_turns_the_invitation_into_membership(folder, sandbox_team):
    team_client, admin, folder_id = folder
    launch = team_client.team_members_add_v2([team.MemberAddV2Arg(member_email="cecilia@kund.example")])
    member_id = (
        team_client.team_members_add_job_status_get_v2(launch.get_async_job_id())
        .get_complete()[0]
        .get_success()
        .profile.team_member_id
    )

    members = admin.sharing_list_folder_members(folder_id)
    assert members.invitees == []
    assert [(u.user.team_member_id, u.access_type._tag) for u in members.users] == [(member_id, "editor")]
    cecilia = team_client.as_user(member_id).with_path_root(
        common.PathRoot.root(sandbox_team["root_namespace_id"])
    )
    assert cecilia.files_download("/Ekonomi/budget.xlsx")[1].content == b"budget"
    assert cecilia.files_upload(b"ny", "/Ekonomi/ny.txt").path_display == "/Ekonomi/ny.txt"


def test_an_invitation_in_another_team_stays_there(dropbox_sandbox, folder):
    _, admin, folder_id = folder
    other = dropbox_sandbox.team_client(dropbox_sandbox.authorize_new_team())
    launch = other.team_members_add_v2([team.MemberAddV2Arg(member_email="cecilia@kund.example")])
    assert other.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()[0].is_success()

    members = admin.sharing_list_folder_members(folder_id)
    assert [i.invitee.get_email() for i in members.invitees] == ["cecilia@kund.example"]
