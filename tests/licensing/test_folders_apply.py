"""Plan → customer approval → apply → apply again, through the real SDK against the sandbox."""

import dropbox
import pytest

from dropbox_integration.client import files_client, team_client
from dropbox_integration.models import DropboxAction
from licensing.folders.models import FolderJob
from licensing.folders.services import FolderPlanError, folder_access_release, folder_plan_approve
from tests.licensing.folders_helpers import WRITE_ROUTES, join_team, people, run_job, small_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_people(connected_engagement, dropbox_sandbox):
    persons = people(
        connected_engagement,
        [
            ("Anna Ek", "anna@kund.example.se", "Ekonomi"),
            ("Bertil Berg", "bertil@kund.example.se", "Projekt"),
            ("Cecilia Ceder", "cecilia@kund.example.se", "Ekonomi"),
        ],
    )
    join_team(connected_engagement, dropbox_sandbox, persons.values())
    return persons


def test_plan_approve_apply_and_apply_again_without_a_write(
    connected_engagement,
    consultant,
    customer_contact,
    team_people,
    dropbox_sandbox,
    django_capture_on_commit_callbacks,
):
    plan = small_plan(connected_engagement, consultant, team_people)
    for person in team_people.values():
        folder_access_release(customer_user=person, user=None)

    with pytest.raises(FolderPlanError):
        run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)

    preview = run_job(plan, FolderJob.Kind.PLAN, consultant, django_capture_on_commit_callbacks)
    kinds = [change["kind"] for change in preview.result["changes"]]
    assert kinds.count("team_folder_create") == 3
    assert kinds.count("group_create") == 3  # Alla, Ekonomi, Projekt
    assert kinds.count("group_member_add") == 6

    folder_plan_approve(plan=plan, name="Karin Kund", user=customer_contact)
    dropbox_sandbox.reset_call_counts()
    applied = run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)
    assert applied.status == FolderJob.Status.DONE, applied.failure
    assert len(applied.result["changes"]) == len(preview.result["changes"])
    assert dropbox_sandbox.call_counts()["team/team_folder/create"] == 3

    folders = {
        f.name: f.team_folder_id
        for f in team_client(connected_engagement).team_team_folder_list().team_folders
    }
    assert sorted(folders) == ["Ekonomi", "Ledning", "Projekt"]
    members = files_client(connected_engagement).sharing_list_folder_members(folders["Projekt"])
    assert {(g.group.group_name, g.access_type._tag) for g in members.groups} == {("Alla", "viewer")}
    assert {(u.user.email, u.access_type._tag) for u in members.users} == {
        ("bertil@kund.example.se", "editor")
    }
    assert (
        DropboxAction.objects.filter(
            engagement=connected_engagement, action="folders-team-folder-create"
        ).count()
        == 3
    )

    dropbox_sandbox.reset_call_counts()
    again = run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)
    assert again.status == FolderJob.Status.DONE
    assert again.result["changes"] == []
    assert set(dropbox_sandbox.call_counts()) & WRITE_ROUTES == set()


def test_no_plain_folder_is_left_at_the_top_of_the_team_space(
    connected_engagement, consultant, customer_contact, team_people, django_capture_on_commit_callbacks
):
    plan = small_plan(connected_engagement, consultant, team_people)
    folder_plan_approve(plan=plan, name="Karin Kund", user=customer_contact)
    run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)

    top = files_client(connected_engagement).files_list_folder("").entries
    assert {entry.name for entry in top} == {"Ekonomi", "Ledning", "Projekt"}
    assert all(
        isinstance(entry, dropbox.files.FolderMetadata) and entry.sharing_info is not None for entry in top
    )
