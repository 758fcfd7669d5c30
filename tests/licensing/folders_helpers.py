"""Helpers of the folder plan tests: people on the user list who are active members of the
engagement's sandbox team, a small plan, and running a folder job the way its task does."""

from dropbox import team

from dropbox_integration.client import team_client
from engagements.quotes.models import CustomerUser
from licensing.folders.jobs import folder_job_execute
from licensing.folders.models import FolderJob
from licensing.folders.services import (
    folder_access_set,
    folder_job_start,
    folder_plan_get_or_create,
    plan_groups_from_user_list,
    planned_folder_add,
)
from tests.licensing.licence_helpers import team_id_of

WRITE_ROUTES = {
    "team/team_folder/create",
    "team/groups/create",
    "team/groups/members/add",
    "team/groups/members/remove",
    "sharing/add_folder_member",
    "sharing/update_folder_member",
    "sharing/remove_folder_member",
    "files/create_folder_v2",
}


def people(engagement, rows: list[tuple[str, str, str]]) -> dict[str, CustomerUser]:
    """(name, e-mail, department) on the user list, keyed by first name."""
    return {
        name.split()[0]: CustomerUser.objects.create(
            engagement=engagement, name=name, email=email, department=dept
        )
        for name, email, dept in rows
    }


def join_team(engagement, dropbox_sandbox, persons) -> None:
    """Make them active members of the engagement's Dropbox team (invited, then accepted)."""
    client = team_client(engagement)
    launch = client.team_members_add_v2([team.MemberAddV2Arg(member_email=p.email) for p in persons])
    if launch.is_async_job_id():
        client.team_members_add_job_status_get_v2(launch.get_async_job_id())
    dropbox_sandbox.accept_invitations(team_id_of(engagement), emails=[p.email for p in persons])


def small_plan(engagement, consultant, persons):
    """Ekonomi (Ekonomi group editor), Projekt (Alla viewer, Bertil editor), Ledning (Anna only)."""
    plan = folder_plan_get_or_create(engagement=engagement)
    for name in ("Ekonomi", "Projekt", "Ledning"):
        planned_folder_add(plan=plan, name=name, user=consultant)
    groups = {g.name: g for g in plan_groups_from_user_list(plan=plan, user=consultant)}
    folder_access_set(plan=plan, folder="Ekonomi", level="editor", group=groups["Ekonomi"], user=consultant)
    folder_access_set(plan=plan, folder="Projekt", level="viewer", group=groups["Alla"], user=consultant)
    folder_access_set(
        plan=plan, folder="Projekt", level="editor", customer_user=persons["Bertil"], user=consultant
    )
    folder_access_set(
        plan=plan, folder="Ledning", level="editor", customer_user=persons["Anna"], user=consultant
    )
    plan.refresh_from_db()
    return plan


def run_job(plan, kind, user, django_capture_on_commit_callbacks) -> FolderJob:
    with django_capture_on_commit_callbacks(execute=False):
        job = folder_job_start(plan=plan, kind=kind, user=user)
    folder_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job
