"""Inviting the licensed users into the customer's Dropbox team, through the real SDK against the
sandbox: batches of 20, running again, a person already in the team, running out of seats."""

import dropbox
import pytest

from dropbox_integration.client import team_client
from dropbox_integration.models import DropboxAction
from licensing.models import InvitationRun, TeamMember
from licensing.services import invitation_batch_run, invitation_run_start, licensed_users_set
from tests.licensing.licence_helpers import team_id_of, user_list

pytestmark = pytest.mark.django_db(transaction=False)


def run_to_the_end(run: InvitationRun) -> InvitationRun:
    """What the task does: batch after batch while members remain."""
    while invitation_batch_run(run_id=run.pk):
        pass
    run.refresh_from_db()
    return run


def start(engagement, user, django_capture_on_commit_callbacks) -> InvitationRun:
    with django_capture_on_commit_callbacks(execute=False):
        return invitation_run_start(engagement=engagement, user=user)


def test_45_users_are_invited_in_3_calls(
    connected_engagement, consultant, dropbox_sandbox, django_capture_on_commit_callbacks
):
    dropbox_sandbox.set_licences(team_id_of(connected_engagement), 60)
    user_list(connected_engagement, 45)
    run = start(connected_engagement, consultant, django_capture_on_commit_callbacks)
    dropbox_sandbox.reset_call_counts()

    run = run_to_the_end(run)

    assert dropbox_sandbox.call_counts()["team/members/add_v2"] == 3
    assert run.status == InvitationRun.Status.DONE
    assert (run.members_done, run.members_total, run.percent) == (45, 45, 100)
    members = TeamMember.objects.filter(engagement=connected_engagement)
    assert members.count() == 45
    assert all(m.team_member_id.startswith("dbmid:") for m in members)
    assert {m.status for m in members} <= {TeamMember.Status.INVITED, TeamMember.Status.ACTIVE}
    # In Dropbox too: the admin plus 45 people.
    listed = team_client(connected_engagement).team_members_list_v2(limit=100).members
    assert len(listed) == 46
    assert (
        DropboxAction.objects.filter(engagement=connected_engagement, action="member_invited").count() == 45
    )


def test_running_again_skips_those_already_in_the_team(
    connected_engagement, consultant, dropbox_sandbox, django_capture_on_commit_callbacks, english
):
    from licensing.services import InvitationError

    dropbox_sandbox.set_licences(team_id_of(connected_engagement), 60)
    user_list(connected_engagement, 5)
    run_to_the_end(start(connected_engagement, consultant, django_capture_on_commit_callbacks))
    dropbox_sandbox.reset_call_counts()

    with pytest.raises(InvitationError) as refused:
        start(connected_engagement, consultant, django_capture_on_commit_callbacks)

    assert str(refused.value) == "Everyone who needs an account is already in the Dropbox team."
    assert "team/members/add_v2" not in dropbox_sandbox.call_counts()


def test_a_person_added_in_dropbox_by_hand_has_their_member_id_recorded(
    connected_engagement, consultant, dropbox_sandbox, django_capture_on_commit_callbacks
):
    people = user_list(connected_engagement, 3)
    by_hand = team_client(connected_engagement).team_members_add_v2(
        [dropbox.team.MemberAddV2Arg(member_email=people[1].email, member_given_name="Bertil")]
    )
    status = team_client(connected_engagement).team_members_add_job_status_get_v2(by_hand.get_async_job_id())
    their_id = status.get_complete()[0].get_success().profile.team_member_id

    run = run_to_the_end(start(connected_engagement, consultant, django_capture_on_commit_callbacks))

    assert run.status == InvitationRun.Status.DONE
    member = TeamMember.objects.get(customer_user=people[1])
    assert member.team_member_id == their_id
    assert member.status in (TeamMember.Status.INVITED, TeamMember.Status.ACTIVE)
    assert member.failure_reason == ""


def test_running_out_of_seats_stops_and_names_everyone_who_did_not_get_in(
    connected_engagement, consultant, dropbox_sandbox, django_capture_on_commit_callbacks, english
):
    # 25 licences, the admin holds one: 24 seats left for 30 people.
    dropbox_sandbox.set_licences(team_id_of(connected_engagement), 25)
    people = user_list(connected_engagement, 30)
    run = run_to_the_end(start(connected_engagement, consultant, django_capture_on_commit_callbacks))

    left_out = sorted(p.name for p in people)[24:]
    assert run.status == InvitationRun.Status.FAILED
    assert sorted(run.not_added_names) == left_out
    failed = TeamMember.objects.filter(engagement=connected_engagement, status=TeamMember.Status.FAILED)
    assert sorted(m.customer_user.name for m in failed) == left_out
    assert {m.failure_display for m in failed} == {"The team had no licence left."}
    assert TeamMember.objects.filter(engagement=connected_engagement, team_member_id__gt="").count() == 24


def test_users_without_an_account_are_not_invited(
    connected_engagement, consultant, dropbox_sandbox, django_capture_on_commit_callbacks
):
    people = user_list(connected_engagement, 4)
    licensed_users_set(
        engagement=connected_engagement, licensed_user_ids={p.pk for p in people[:3]}, user=consultant
    )
    run = run_to_the_end(start(connected_engagement, consultant, django_capture_on_commit_callbacks))

    assert run.members_total == 3
    assert TeamMember.objects.get(customer_user=people[3]).status == TeamMember.Status.NOT_INVITED
