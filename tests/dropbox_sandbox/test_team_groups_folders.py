"""team/groups/create, team/groups/members/add, team/team_folder/create, team/namespaces/list."""

import dropbox
import pytest
from dropbox import common, team


@pytest.fixture
def team_client(dropbox_sandbox, sandbox_team):
    client = dropbox_sandbox.team_client(sandbox_team)
    client.auth = sandbox_team
    return client


def _member(client, email):
    launch = client.team_members_add_v2([team.MemberAddV2Arg(member_email=email)])
    return (
        client.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()[0].get_success()
    )


def test_create_group_and_add_members(team_client):
    group = team_client.team_groups_create("Ekonomi", group_external_id="ext-1")
    assert (group.group_name, group.member_count) == ("Ekonomi", 0)
    member = _member(team_client, "anna@kund.example")

    changed = team_client.team_groups_members_add(
        team.GroupSelector.group_id(group.group_id),
        [team.MemberAccess(team.UserSelectorArg.email("anna@kund.example"), team.GroupAccessType.member)],
    )
    assert changed.group_info.member_count == 1
    assert changed.group_info.members[0].profile.team_member_id == member.profile.team_member_id
    assert [g.group_name for g in team_client.team_groups_list().groups] == ["Ekonomi"]


def test_group_errors(team_client):
    team_client.team_groups_create("Ekonomi")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_groups_create("ekonomi")
    assert error.value.error.is_group_name_already_used()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_groups_members_add(team.GroupSelector.group_id("g:nope"), [])
    assert error.value.error.is_group_not_found()
    group = team_client.team_groups_create("Sälj")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_groups_members_add(
            team.GroupSelector.group_id(group.group_id),
            [team.MemberAccess(team.UserSelectorArg.email("ghost@x.example"), team.GroupAccessType.member)],
        )
    assert error.value.error.get_users_not_found() == ["ghost@x.example"]


def test_team_folder_is_a_namespace_in_the_team_space(dropbox_sandbox, team_client):
    folder = team_client.team_team_folder_create("Projekt")
    assert folder.status.is_active() and folder.name == "Projekt"

    admin = dropbox_sandbox.admin_client(team_client.auth)
    listed = admin.files_get_metadata("/Projekt")
    assert listed.shared_folder_id == folder.team_folder_id
    # Path-Root namespace_id addresses the team folder directly.
    inside = team_client.as_admin(team_client.auth["admin_member_id"]).with_path_root(
        common.PathRoot.namespace_id(folder.team_folder_id)
    )
    inside.files_upload(b"x", "/ritning.pdf")
    assert admin.files_get_metadata("/projekt/ritning.pdf").path_display == "/Projekt/ritning.pdf"

    namespaces = team_client.team_namespaces_list().namespaces
    kinds = {ns.namespace_id: ns.namespace_type for ns in namespaces}
    assert kinds[folder.team_folder_id].is_team_folder()
    assert [f.name for f in team_client.team_team_folder_list().team_folders] == ["Projekt"]


def test_team_folder_name_taken(team_client):
    team_client.team_team_folder_create("Projekt")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_team_folder_create("projekt")
    assert error.value.error.is_folder_name_already_used()
