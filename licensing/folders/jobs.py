"""One folder job's run: plan (the changes to make), apply, verify or the drift check. Called by the
task; progress is stored on the job row so the page's bar can follow it from any process."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected, DropboxUnavailable
from dropbox_integration.models import DropboxAction
from dropbox_integration.services import dropbox_action_record
from engagements.errors import DomainError
from engagements.services import audit_log
from licensing.folders.dropbox_sync import (
    changes_apply,
    changes_between,
    clients_for,
    read_state,
    verify_as_members,
)
from licensing.folders.models import FolderJob, FolderPlan, PlannedFolder
from licensing.folders.selectors import desired_state
from migration.selectors import migration_source_of
from migration.services.source import migration_folder_mapping_set


def _progress(job: FolderJob, done: int) -> None:
    job.done = done
    FolderJob.objects.filter(pk=job.pk).update(done=done)


def _finish(job: FolderJob, *, result, failure: str = "") -> None:
    job.status = FolderJob.Status.FAILED if failure else FolderJob.Status.DONE
    job.finished_at = timezone.now()
    job.failure = failure
    job.result = result
    job.done = job.total
    job.save(update_fields=["status", "finished_at", "failure", "result", "done"])


def migration_mapping_hand_over(*, plan: FolderPlan, user) -> None:
    """Hand the migration its targets: each share folder lands in the team folder it was planned
    into (inside it under its own name when several were merged). Only when the mapping changes."""
    source = migration_source_of(plan.engagement)
    if source is None:
        return
    mapping: dict[str, str] = {}
    for folder in plan.folders.filter(kind=PlannedFolder.Kind.TEAM, included=True):
        for share_folder in folder.source_names:
            merged = len(folder.source_names) > 1
            mapping[share_folder] = f"/{folder.name}/{share_folder}" if merged else f"/{folder.name}"
    if mapping != source.folder_mapping:
        migration_folder_mapping_set(engagement=plan.engagement, mapping=mapping, user=user)


def folder_job_execute(*, job_id: int) -> FolderJob | None:
    """1. Claim the queued job. 2. Read Dropbox and compare with the plan. 3. By kind: store the
    changes (plan, drift), make them (apply; then hand the migration its targets), or look from
    each member's side (verify). A Dropbox failure fails the job with its sentence."""
    with transaction.atomic():
        job = (
            FolderJob.objects.select_for_update(of=("self",))
            .select_related("plan__engagement__dropbox_connection", "started_by")
            .filter(pk=job_id, status=FolderJob.Status.QUEUED)
            .first()
        )
        if job is None:
            return None
        job.status = FolderJob.Status.RUNNING
        job.save(update_fields=["status"])
    plan, engagement, user = job.plan, job.plan.engagement, job.started_by
    try:
        clients = clients_for(engagement)
        desired = desired_state(plan=plan)
        state = read_state(clients, desired)
        changes, skipped = changes_between(desired, state)
        if job.kind in (FolderJob.Kind.PLAN, FolderJob.Kind.DRIFT):
            _finish(job, result={"changes": changes, "skipped": skipped})
        elif job.kind == FolderJob.Kind.APPLY:
            job.total = len(changes)
            job.save(update_fields=["total"])
            if not plan.is_approved:
                _finish(job, result={}, failure=_("The folder plan needs the customer's approval again."))
                return job
            done = changes_apply(
                engagement=engagement,
                clients=clients,
                state=state,
                changes=changes,
                user=user,
                progress=lambda n: _progress(job, n),
            )
            failed = [c for c in done if c["result"] != DropboxAction.Result.OK]
            with transaction.atomic():
                FolderPlan.objects.filter(pk=plan.pk).update(
                    applied_revision=plan.revision, applied_at=timezone.now()
                )
                for key, (folder_id, _name) in state.team_folders.items():
                    plan.folders.filter(kind=PlannedFolder.Kind.TEAM, name__iexact=key).update(
                        dropbox_id=folder_id
                    )
                for key, (group_id, _name) in state.groups.items():
                    plan.groups.filter(name__iexact=key).update(dropbox_id=group_id)
                migration_mapping_hand_over(plan=plan, user=user)
                audit_log(
                    action="folders.applied",
                    user=user,
                    engagement=engagement,
                    details={"revision": plan.revision, "changes": len(done), "failed": len(failed)},
                )
            failure = (
                _("%(count)s of the changes failed; see the list below.") % {"count": len(failed)}
                if failed
                else ""
            )
            _finish(job, result={"changes": done, "skipped": skipped}, failure=failure)
        else:
            people = [e for e in desired.people if state.members.get(e, {}).get("status") == "active"]
            job.total = len(people)
            job.save(update_fields=["total"])
            rows = verify_as_members(
                clients=clients, desired=desired, state=state, progress=lambda n: _progress(job, n)
            )
            wrong = [r for r in rows if not r["ok"]]
            dropbox_action_record(
                engagement=engagement,
                user=user,
                action="folders-verified",
                target=_("%(people)s people × %(folders)s folders")
                % {"people": len(people), "folders": len(desired.team_folders)},
                result=DropboxAction.Result.FAILED if wrong else DropboxAction.Result.OK,
                reason=_("%(count)s differences from the plan") % {"count": len(wrong)} if wrong else "",
            )
            failure = (
                _("%(count)s people reach folders other than planned.") % {"count": len(wrong)}
                if wrong
                else ""
            )
            _finish(job, result={"rows": rows, "skipped": skipped}, failure=failure)
    except (DropboxAccessLost, DropboxNotConnected, DropboxUnavailable, DomainError) as error:
        _finish(job, result={}, failure=error.message)
    return job
