"""team/groups/members/list (+ continue), members/remove, get_info, update, delete, list/continue."""

import dropbox
import pytest
from dropbox import common, sharing, team


def _by_email(email: str) -> team.UserSelectorArg:
    return team.UserSelectorArg.email(email)


@pytest.fixture
def group(dropbox_sandbox, sandbox_team):
    """A group "Ekonomi" with Anna and Bo as members; Cecilia is on the team, not in the group."""
    client = dropbox_sandbox.team_client(sandbox_team)
    client.auth = sandbox_team
    emails = ["anna@kund.example", "bo@kund.example", "cecilia@kund.example"]
    launch = client.team_members_add_v2([team.MemberAddV2Arg(member_email=e) for e in emails])
    client.team_members_add_job_status_get_v2(launch.get_async_job_id())
    created = client.team_groups_create("Ekonomi", group_external_id="avd-ekonomi")
    client.team_groups_members_add(
        team.GroupSelector.group_id(created.group_id),
        [team.MemberAccess(_by_email(e), team.GroupAccessType.member) for e in emails[:2]],
    )
    return client, created.group_id


def test_members_list_pages_with_continue(group):
    client, group_id = group
    first = client.team_groups_members_list(team.GroupSelector.group_id(group_id), limit=1)
    assert first.has_more and [m.profile.email for m in first.members] == ["anna@kund.example"]
    rest = client.team_groups_members_list_continue(first.cursor)
    assert not rest.has_more and [m.profile.email for m in rest.members] == ["bo@kund.example"]
    assert rest.members[0].access_type.is_member()

    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_members_list(team.GroupSelector.group_id("g:nope"))
    assert error.value.error.is_group_not_found()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_members_list_continue("garbage")
    assert error.value.error.is_invalid_cursor()


def test_members_remove(group):
    client, group_id = group
    selector = team.GroupSelector.group_external_id("avd-ekonomi")
    changed = client.team_groups_members_remove(selector, [_by_email("anna@kund.example")])
    assert [m.profile.email for m in changed.group_info.members] == ["bo@kund.example"]
    assert client.team_groups_job_status_get(changed.async_job_id).is_complete()
    listed = client.team_groups_members_list(team.GroupSelector.group_id(group_id)).members
    assert [m.profile.email for m in listed] == ["bo@kund.example"]


def test_members_remove_errors(group):
    client, group_id = group
    selector = team.GroupSelector.group_id(group_id)
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_members_remove(selector, [_by_email("cecilia@kund.example")])
    assert error.value.error.is_member_not_in_group()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_members_remove(
            selector, [_by_email("ghost@x.example"), _by_email("bo@kund.example")]
        )
    assert error.value.error.get_users_not_found() == ["ghost@x.example"]
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_members_remove(
            team.GroupSelector.group_id("g:nope"), [_by_email("bo@kund.example")]
        )
    assert error.value.error.is_group_not_found()
    # Nothing was removed by the failed calls.
    assert client.team_groups_members_list(selector).members[1].profile.email == "bo@kund.example"


def test_get_info_by_ids_and_external_ids(group):
    client, group_id = group
    items = client.team_groups_get_info(team.GroupsSelector.group_ids([group_id, "g:missing"]))
    info = items[0].get_group_info()
    assert (info.group_name, info.member_count, info.group_external_id) == ("Ekonomi", 2, "avd-ekonomi")
    assert [m.profile.email for m in info.members] == ["anna@kund.example", "bo@kund.example"]
    assert items[1].get_id_not_found() == "g:missing"
    by_external = client.team_groups_get_info(team.GroupsSelector.group_external_ids(["avd-ekonomi"]))
    assert by_external[0].get_group_info().group_id == group_id


def test_get_info_of_another_teams_group(dropbox_sandbox, group):
    _, group_id = group
    other = dropbox_sandbox.team_client(dropbox_sandbox.authorize_new_team())
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        other.team_groups_get_info(team.GroupsSelector.group_ids([group_id]))
    assert error.value.error.is_group_not_on_team()


def test_update_renames_and_refuses_a_taken_name(group):
    client, group_id = group
    client.team_groups_create("Sälj")
    renamed = client.team_groups_update(team.GroupSelector.group_id(group_id), new_group_name="Ekonomi & lön")
    assert (renamed.group_name, renamed.member_count) == ("Ekonomi & lön", 2)
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_update(team.GroupSelector.group_id(group_id), new_group_name="sälj")
    assert error.value.error.is_group_name_already_used()


def test_delete_removes_the_group_and_its_folder_access(dropbox_sandbox, group):
    client, group_id = group
    folder_id = client.team_team_folder_create("Ekonomi").team_folder_id
    admin = dropbox_sandbox.admin_client(client.auth)
    admin.sharing_add_folder_member(
        folder_id,
        [sharing.AddMember(sharing.MemberSelector.dropbox_id(group_id), sharing.AccessLevel.editor)],
    )
    anna_id = client.team_members_get_info_v2([_by_email("anna@kund.example")]).members_info[0]
    anna = client.as_user(anna_id.get_member_info().profile.team_member_id).with_path_root(
        common.PathRoot.root(client.auth["root_namespace_id"])
    )
    assert [e.name for e in anna.files_list_folder("").entries] == ["Ekonomi"]

    launch = client.team_groups_delete(team.GroupSelector.group_id(group_id))
    assert client.team_groups_job_status_get(launch.get_async_job_id()).is_complete()
    assert client.team_groups_list().groups == []
    assert admin.sharing_list_folder_members(folder_id).groups == []
    assert anna.files_list_folder("").entries == []
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_delete(team.GroupSelector.group_id(group_id))
    assert error.value.error.is_group_not_found()


def test_groups_list_pages_with_continue(group):
    client, _ = group
    client.team_groups_create("Sälj")
    first = client.team_groups_list(limit=1)
    assert first.has_more and [g.group_name for g in first.groups] == ["Ekonomi"]
    assert first.groups[0].member_count == 2
    rest = client.team_groups_list_continue(first.cursor)
    assert not rest.has_more and [g.group_name for g in rest.groups] == ["Sälj"]
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_groups_list_continue("garbage")
    assert error.value.error.is_invalid_cursor()
