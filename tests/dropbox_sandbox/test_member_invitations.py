"""Members added by team/members/add_v2 are invited until they accept; invitations hold a licence.

The acceptance is the sandbox admin route POST /__sandbox__/teams/<team_id>/members/accept.
"""

import pytest
import requests
from dropbox import team


def _person(n: int) -> team.MemberAddV2Arg:
    return team.MemberAddV2Arg(
        member_email=f"person{n}@kund.example", member_given_name="Person", member_surname=str(n)
    )


def _add(client, members):
    launch = client.team_members_add_v2(members)
    return client.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()


@pytest.fixture
def auth(dropbox_sandbox):
    return dropbox_sandbox.authorize_new_team(licences=4)


@pytest.fixture
def team_client(dropbox_sandbox, auth):
    return dropbox_sandbox.team_client(auth)


def _statuses(client) -> dict[str, str]:
    return {m.profile.email: m.profile.status._tag for m in client.team_members_list_v2().members}


def test_an_added_member_is_invited_until_they_accept(dropbox_sandbox, auth, team_client):
    added = _add(team_client, [_person(1), _person(2)])
    assert [r.get_success().profile.status.is_invited() for r in added] == [True, True]
    assert added[0].get_success().profile.joined_on is None

    info = team_client.team_get_info()
    assert (info.num_licensed_users, info.num_provisioned_users, info.num_used_licenses) == (4, 3, 3)

    accepted = dropbox_sandbox.accept_invitations(auth["team_id"], emails=["PERSON1@kund.example"])
    assert accepted == [added[0].get_success().profile.team_member_id]
    statuses = _statuses(team_client)
    assert (statuses["person1@kund.example"], statuses["person2@kund.example"]) == ("active", "invited")


def test_accepting_every_invitation_and_accepting_twice(dropbox_sandbox, auth, team_client):
    added = _add(team_client, [_person(1), _person(2)])
    ids = [r.get_success().profile.team_member_id for r in added]

    assert dropbox_sandbox.accept_invitations(auth["team_id"]) == ids
    assert set(_statuses(team_client).values()) == {"active"}
    profile = team_client.team_members_get_info_v2([team.UserSelectorArg.team_member_id(ids[0])])
    assert profile.members_info[0].get_member_info().profile.joined_on is not None
    # Already active: nothing more to accept, and no error.
    assert dropbox_sandbox.accept_invitations(auth["team_id"], team_member_ids=ids) == []


def test_the_team_can_act_as_an_invited_member(team_client):
    member_id = _add(team_client, [_person(1)])[0].get_success().profile.team_member_id
    person = team_client.as_user(member_id)
    assert person.users_get_current_account().email == "person1@kund.example"
    person.files_upload(b"hej", "/hej.txt")
    assert person.files_get_metadata("/hej.txt").size == 3


def test_an_invited_member_is_already_on_the_team_and_holds_a_seat(team_client):
    _add(team_client, [_person(1), _person(2)])
    again = _add(team_client, [_person(1), _person(3), _person(4)])

    assert again[0].get_user_already_on_team() == "person1@kund.example"
    assert again[1].is_success()
    assert again[2].get_team_license_limit() == "person4@kund.example"  # admin + 3 invited = 4 seats


def test_removing_an_invited_member_frees_the_seat(team_client):
    _add(team_client, [_person(1)])
    launch = team_client.team_members_remove(team.UserSelectorArg.email("person1@kund.example"))
    assert team_client.team_members_remove_job_status_get(launch.get_async_job_id()).is_complete()
    assert team_client.team_get_info().num_provisioned_users == 1


def test_accept_route_refuses_unknown_people_and_teams(dropbox_sandbox, auth, team_client):
    _add(team_client, [_person(1)])
    http = dropbox_sandbox.session()
    url = f"{dropbox_sandbox.url}/__sandbox__/teams/{auth['team_id']}/members/accept"

    response = http.post(url, json={"emails": ["person1@kund.example", "stranger@x.example"]})
    assert (response.status_code, response.text) == (400, "not invited to this team: stranger@x.example")
    assert _statuses(team_client)["person1@kund.example"] == "invited"  # nothing accepted
    assert http.post(url, json={"emails": "person1@kund.example"}).status_code == 400
    with pytest.raises(requests.HTTPError):
        dropbox_sandbox.accept_invitations("dbtid:nope")
