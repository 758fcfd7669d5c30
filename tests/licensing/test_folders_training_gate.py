"""Training first: a person's access is applied only once released; a coordinator may release early."""

import pytest

from engagements.models import AuditEntry
from licensing.folders.models import FolderJob
from licensing.folders.selectors import access_released_at, go_live_at
from licensing.folders.services import (
    FolderPlanError,
    folder_access_release,
    folder_access_release_early,
    folder_plan_approve,
)
from tests.licensing.folders_helpers import join_team, people, run_job, small_plan

pytestmark = pytest.mark.django_db


def test_no_access_until_released(
    connected_engagement,
    consultant,
    coordinator,
    customer_contact,
    dropbox_sandbox,
    django_capture_on_commit_callbacks,
    english,
):
    persons = people(
        connected_engagement,
        [
            ("Anna Ek", "anna@kund.example.se", "Ekonomi"),
            ("Bertil Berg", "bertil@kund.example.se", "Projekt"),
        ],
    )
    join_team(connected_engagement, dropbox_sandbox, persons.values())
    folder_access_release(customer_user=persons["Bertil"], user=None)  # Bertil attended training
    plan = small_plan(connected_engagement, consultant, persons)
    folder_plan_approve(plan=plan, name="Karin Kund", user=customer_contact)
    run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)

    verify = run_job(plan, FolderJob.Kind.VERIFY, consultant, django_capture_on_commit_callbacks)
    anna = {row["folder"]: row["reached"] for row in verify.result["rows"] if row["email"].startswith("anna")}
    assert anna == {"Ekonomi": False, "Ledning": False, "Projekt": False}
    assert access_released_at(customer_user=persons["Anna"]) is None

    with pytest.raises(FolderPlanError) as refused:
        folder_access_release_early(customer_user=persons["Anna"], user=coordinator, reason=" ")
    assert refused.value.message == "Say why this person gets their access before training."

    with django_capture_on_commit_callbacks(execute=False) as queued:
        folder_access_release_early(customer_user=persons["Anna"], user=coordinator, reason="Starts Monday")
    assert len(queued) == 1  # the plan is applied: her access goes out now
    job = plan.jobs.filter(kind=FolderJob.Kind.APPLY).first()
    from licensing.folders.jobs import folder_job_execute

    folder_job_execute(job_id=job.pk)
    verify = run_job(plan, FolderJob.Kind.VERIFY, consultant, django_capture_on_commit_callbacks)
    anna = {row["folder"]: row["reached"] for row in verify.result["rows"] if row["email"].startswith("anna")}
    assert anna == {"Ekonomi": True, "Ledning": True, "Projekt": True}
    assert AuditEntry.objects.get(action="folders.access_released_early").details["reason"] == "Starts Monday"
    assert go_live_at(engagement=connected_engagement) == access_released_at(customer_user=persons["Bertil"])
