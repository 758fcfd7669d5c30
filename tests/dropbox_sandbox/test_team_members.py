"""team/get_info and team/members/*: licences, adding past them, listing, removing."""

import dropbox
import pytest
from dropbox import team


def _new_member(n: int) -> team.MemberAddV2Arg:
    return team.MemberAddV2Arg(
        member_email=f"person{n}@kund.example", member_given_name="Person", member_surname=str(n)
    )


def _add(client, members):
    launch = client.team_members_add_v2(members)
    assert launch.is_async_job_id()
    status = client.team_members_add_job_status_get_v2(launch.get_async_job_id())
    assert status.is_complete()
    return status.get_complete()


@pytest.fixture
def team_client(dropbox_sandbox):
    auth = dropbox_sandbox.authorize_new_team(licences=3)
    client = dropbox_sandbox.team_client(auth)
    client.auth = auth
    return client


def test_adding_past_the_licence_count_fails_with_team_license_limit(dropbox_sandbox, team_client):
    results = _add(team_client, [_new_member(1), _new_member(2), _new_member(3)])

    assert [r.is_success() for r in results] == [True, True, False]
    assert (
        results[2].is_team_license_limit() and results[2].get_team_license_limit() == "person3@kund.example"
    )
    info = team_client.team_get_info()
    assert (info.num_licensed_users, info.num_provisioned_users) == (3, 3)

    dropbox_sandbox.set_licences(team_client.auth["team_id"], 4)
    assert _add(team_client, [_new_member(3)])[0].is_success()


def test_adding_someone_already_on_the_team(team_client):
    _add(team_client, [_new_member(1)])
    assert _add(team_client, [_new_member(1)])[0].is_user_already_on_team()


def test_more_than_20_members_per_call_is_a_bad_request(team_client):
    with pytest.raises(dropbox.exceptions.BadInputError, match="20"):
        team_client.team_members_add_v2([_new_member(n) for n in range(21)])


def test_list_members_pages_with_continue(team_client):
    _add(team_client, [_new_member(1), _new_member(2)])
    first = team_client.team_members_list_v2(limit=2)
    assert first.has_more and len(first.members) == 2
    rest = team_client.team_members_list_continue_v2(first.cursor)
    assert not rest.has_more
    emails = [m.profile.email for m in first.members + rest.members]
    assert emails[1:] == ["person1@kund.example", "person2@kund.example"]
    assert first.members[0].roles[0].name == "Team"  # the authorizing admin
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_members_list_continue_v2("garbage")
    assert error.value.error.is_invalid_cursor()


def test_remove_member_frees_a_licence(team_client):
    member = _add(team_client, [_new_member(1)])[0].get_success()
    launch = team_client.team_members_remove(team.UserSelectorArg.email("PERSON1@kund.example"))
    assert team_client.team_members_remove_job_status_get(launch.get_async_job_id()).is_complete()

    assert team_client.team_get_info().num_provisioned_users == 1
    listed = team_client.team_members_list_v2(include_removed=True).members
    removed = [m for m in listed if m.profile.team_member_id == member.profile.team_member_id]
    assert removed[0].profile.status.is_removed()


def test_remove_errors(team_client):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_members_remove(team.UserSelectorArg.email("nobody@kund.example"))
    assert error.value.error.is_user_not_found()
    admin_id = team_client.auth["admin_member_id"]
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        team_client.team_members_remove(team.UserSelectorArg.team_member_id(admin_id))
    assert error.value.error.is_remove_last_admin()


def test_get_info_v2_by_selector(team_client):
    items = team_client.team_members_get_info_v2(
        [
            team.UserSelectorArg.team_member_id(team_client.auth["admin_member_id"]),
            team.UserSelectorArg.email("nobody@kund.example"),
        ]
    ).members_info
    assert items[0].get_member_info().profile.team_member_id == team_client.auth["admin_member_id"]
    assert items[1].is_id_not_found()
