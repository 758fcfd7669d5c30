"""End to end: the member reaches their folders in the Dropbox sandbox only after attending training.

Uses licensing.folders' apply and verify (folder_job_start, folder_job_execute) against the sandbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from licensing.folders.jobs import folder_job_execute
from licensing.folders.models import FolderJob
from licensing.folders.services import folder_plan_approve
from tests.licensing.folders_helpers import join_team, people, run_job, small_plan
from tests.training.training_fixtures import book_half_days
from training.services import attendance_record

pytestmark = pytest.mark.usefixtures("english")


def reached_by_anna(plan, consultant, callbacks) -> dict[str, bool]:
    verify = run_job(plan, FolderJob.Kind.VERIFY, consultant, callbacks)
    return {row["folder"]: row["reached"] for row in verify.result["rows"] if row["email"].startswith("anna")}


def test_the_member_reaches_their_folders_only_after_both_half_days(
    connected_engagement,
    consultant,
    coordinator,
    customer_contact,
    dropbox_sandbox,
    django_capture_on_commit_callbacks,
):
    persons = people(
        connected_engagement,
        [
            ("Anna Ek", "anna@kund.example.se", "Ekonomi"),
            ("Bertil Berg", "bertil@kund.example.se", "Projekt"),
        ],
    )
    join_team(connected_engagement, dropbox_sandbox, persons.values())
    plan = small_plan(connected_engagement, consultant, persons)
    folder_plan_approve(plan=plan, name="Karin Kund", user=customer_contact)
    run_job(plan, FolderJob.Kind.APPLY, consultant, django_capture_on_commit_callbacks)
    assert reached_by_anna(plan, consultant, django_capture_on_commit_callbacks) == {
        "Ekonomi": False,
        "Ledning": False,
        "Projekt": False,
    }

    last_week = timezone.localdate() - timedelta(days=7)
    session = book_half_days(
        connected_engagement,
        user=coordinator,
        trainer=consultant,
        attendees=[persons["Anna"]],
        days=(last_week - timedelta(days=1), last_week),
        override_reason="Recorded afterwards.",
    )
    first, second = session.days.order_by("position")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        attendance_record(session=session, user=consultant, present=[(first.pk, persons["Anna"].pk)])
    assert queued == []  # one half day: nothing is released
    assert reached_by_anna(plan, consultant, django_capture_on_commit_callbacks)["Ekonomi"] is False

    with django_capture_on_commit_callbacks(execute=False):
        attendance_record(
            session=session,
            user=consultant,
            present=[(first.pk, persons["Anna"].pk), (second.pk, persons["Anna"].pk)],
        )
    folder_job_execute(job_id=plan.jobs.filter(kind=FolderJob.Kind.APPLY).order_by("-pk").first().pk)
    assert reached_by_anna(plan, consultant, django_capture_on_commit_callbacks) == {
        "Ekonomi": True,
        "Ledning": True,
        "Projekt": True,
    }
