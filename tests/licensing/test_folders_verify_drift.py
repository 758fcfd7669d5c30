"""Verification from each member's side, and drift: a change made by hand in Dropbox is found and put back."""

import pytest
from dropbox import sharing

from dropbox_integration.client import files_client
from licensing.folders.models import FolderJob
from licensing.folders.services import folder_access_release, folder_plan_approve
from tests.licensing.folders_helpers import join_team, people, run_job, small_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(
    connected_engagement, consultant, customer_contact, dropbox_sandbox, django_capture_on_commit_callbacks
):
    persons = people(
        connected_engagement,
        [
            ("Anna Ek", "anna@kund.example.se", "Ekonomi"),
            ("Bertil Berg", "bertil@kund.example.se", "Projekt"),
            ("Cecilia Ceder", "cecilia@kund.example.se", "Ekonomi"),
        ],
    )
    join_team(connected_engagement, dropbox_sandbox, persons.values())
    for person in persons.values():
        folder_access_release(customer_user=person, user=None)
    plan = small_plan(connected_engagement, consultant, persons)
    folder_plan_approve(plan=plan, name="Karin Kund", user=customer_contact)
    job = run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)
    assert job.status == FolderJob.Status.DONE, job.failure
    return plan, persons


def test_verification_as_each_member(applied, consultant, django_capture_on_commit_callbacks):
    plan, _persons = applied
    job = run_job(plan, FolderJob.Kind.VERIFY, consultant, django_capture_on_commit_callbacks)

    assert job.status == FolderJob.Status.DONE, job.failure
    reached = {(row["email"].split("@")[0], row["folder"]) for row in job.result["rows"] if row["reached"]}
    assert reached == {
        ("anna", "Ekonomi"),
        ("anna", "Projekt"),
        ("anna", "Ledning"),
        ("bertil", "Projekt"),
        ("cecilia", "Ekonomi"),
        ("cecilia", "Projekt"),
    }
    assert len(job.result["rows"]) == 9 and all(row["ok"] for row in job.result["rows"])


def test_a_member_added_by_hand_is_drift_and_is_put_back(
    applied, connected_engagement, consultant, django_capture_on_commit_callbacks
):
    plan, _persons = applied
    ledning = plan.folders.get(name="Ledning").dropbox_id
    files_client(connected_engagement).sharing_add_folder_member(
        ledning,
        [
            sharing.AddMember(
                sharing.MemberSelector.email("cecilia@kund.example.se"), sharing.AccessLevel.editor
            )
        ],
    )

    drift = run_job(plan, FolderJob.Kind.DRIFT, consultant, django_capture_on_commit_callbacks)
    assert drift.result["changes"] == [
        {
            "kind": "access_revoke",
            "folder": "Ledning",
            "grantee_kind": "user",
            "grantee": "cecilia@kund.example.se",
            "level": "editor",
        }
    ]

    run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)
    members = files_client(connected_engagement).sharing_list_folder_members(ledning)
    assert [u.user.email for u in members.users] == ["anna@kund.example.se"]
    verify = run_job(plan, FolderJob.Kind.VERIFY, consultant, django_capture_on_commit_callbacks)
    assert all(row["ok"] for row in verify.result["rows"])
