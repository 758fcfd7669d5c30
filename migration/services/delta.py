"""Applying the delta plan (migration.delta) to Dropbox.

1. Moves and renames become Dropbox moves (`move_batch_v2`, polled with `move_batch/check_v2`),
   never re-uploads; then the new folders are created (`create_folder_batch`) and their rows
   marked uploaded.
2. Deletions are applied only when asked (`propagate_deletes`), and then as a move into a dated
   archive folder, `<target root>/_Arkiv/<date>/...`: the engine never hard-deletes in Dropbox.
3. New and changed files are uploaded by the same batches as the bulk migration
   (migration.bulk.job_plan), after the moves, so a moved-and-changed file is overwritten in its
   new place.
"""

import time

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from dropbox import files as dbx_files

from engagements.models import Engagement
from engagements.services import audit_log
from migration.bulk import acting_user, require_ready_to_migrate
from migration.delta import delta_moves_applied, delta_plan_build
from migration.dropbox_audit import job_action_record
from migration.folders import folders_create
from migration.models import ManifestEntry, MigrationJob, MigrationSource

MOVES_PER_CALL = 1000
ARCHIVE_FOLDER = "_Arkiv"
POLL_SECONDS = 0.2


@transaction.atomic
def migration_start_delta(
    *,
    engagement: Engagement,
    user: AbstractBaseUser | None,
    propagate_deletes: bool = False,
    enqueue: bool = True,
) -> MigrationJob:
    """Queue the delta migration of what the last delta scan found (run `delta_detect` first)."""
    from migration.bulk_tasks import migration_job_plan

    Engagement.objects.select_for_update().get(pk=engagement.pk)
    require_ready_to_migrate(engagement)
    job = MigrationJob(
        engagement=engagement,
        kind=MigrationJob.Kind.DELTA,
        started_by=acting_user(user),
        propagate_deletes=propagate_deletes,
    )
    job.full_clean()
    job.save()
    audit_log(
        action="migration.delta_started",
        user=user,
        engagement=engagement,
        details={"job": job.pk, "propagate_deletes": propagate_deletes},
    )
    job_action_record(job=job, event="started", user=user, detail={"propagate_deletes": propagate_deletes})
    if enqueue:
        migration_job_plan.delay_on_commit(job.pk)
    return job


def archive_path(*, target_root: str, path: str, day: str) -> str:
    """Where a file deleted at the source goes: under the target root's dated archive folder."""
    root = target_root.rstrip("/")
    relative = path[len(root) + 1 :] if path.lower().startswith(root.lower() + "/") else path.lstrip("/")
    return f"{root}/{ARCHIVE_FOLDER}/{day}/{relative}"


def delta_prepare(*, job: MigrationJob) -> dict:
    """Steps 1 and 2 of the module docstring; returns counts for the job's summary."""
    from migration.batch_run import caller_for

    engagement = job.engagement
    plan = delta_plan_build(engagement=engagement)
    caller = caller_for(engagement)
    moved, move_errors = _move_batch(caller, [(move.from_path, move.to_path) for move in plan.moves])
    if moved:
        delta_moves_applied(engagement=engagement, from_paths=moved)
    new_folders = list(
        ManifestEntry.objects.filter(pk__in=plan.folders)
        .exclude(target_path="")
        .values_list("target_path", flat=True)
    )
    folders_create(engagement=engagement, paths=new_folders)
    archived: list[str] = []
    if plan.deletions and job.propagate_deletes:
        source = MigrationSource.objects.get(engagement=engagement)
        day = timezone.localdate().isoformat()
        pairs = [
            (deletion.path, archive_path(target_root=source.target_root, path=deletion.path, day=day))
            for deletion in plan.deletions
        ]
        archived, archive_errors = _move_batch(caller, pairs)
        move_errors.update(archive_errors)
        _mark_archived(engagement, archived)
    counts = {
        "moved": len(moved),
        "folders_created": len(new_folders),
        "archived": len(archived),
        "deletions_listed": len(plan.deletions),
        "move_errors": len(move_errors),
    }
    audit_log(
        action="migration.delta_moves_applied",
        user=None,
        engagement=engagement,
        details={**counts, "errors": dict(list(move_errors.items())[:100])},
    )
    return counts


def _mark_archived(engagement: Engagement, paths: list[str]) -> None:
    """Rows under an archived path are gone from the migration: skipped, with the reason."""
    for path in paths:
        lowered = path.lower()
        rows = ManifestEntry.objects.filter(
            engagement=engagement, state=ManifestEntry.State.DELETED_IN_SOURCE
        )
        (
            rows.filter(target_path_lower=lowered) | rows.filter(target_path_lower__startswith=lowered + "/")
        ).update(
            action=ManifestEntry.Action.SKIP,
            last_error=_("Deleted at the source; moved to the archive folder in Dropbox."),
        )


def _move_batch(caller, pairs: list[tuple[str, str]]) -> tuple[list[str], dict[str, str]]:
    """Move (from, to) pairs, 1,000 a call; returns the from-paths moved and errors by from-path.

    A `from_lookup/not_found` whose target exists means an earlier try already moved it.
    """
    moved: list[str] = []
    errors: dict[str, str] = {}
    for start in range(0, len(pairs), MOVES_PER_CALL):
        chunk = pairs[start : start + MOVES_PER_CALL]
        entries = [dbx_files.RelocationPath(from_path=src, to_path=dst) for src, dst in chunk]
        launch = caller.commit("files_move_batch_v2", entries, autorename=False)
        if launch.is_complete():
            result = launch.get_complete()
        else:
            job_id = launch.get_async_job_id()
            while True:
                status = caller.read("files_move_batch_check_v2", job_id)
                if status.is_complete():
                    result = status.get_complete()
                    break
                time.sleep(POLL_SECONDS)
        for (src, dst), entry in zip(chunk, result.entries, strict=True):
            if entry.is_success() or _already_moved(caller, entry, dst):
                moved.append(src)
            else:
                errors[src] = str(entry.get_failure())[:300]
    return moved, errors


def _already_moved(caller, entry, destination: str) -> bool:
    failure = entry.get_failure() if entry.is_failure() else None
    if failure is None or not failure.is_relocation_error():
        return False
    relocation = failure.get_relocation_error()
    if not (relocation.is_from_lookup() and relocation.get_from_lookup().is_not_found()):
        return False
    try:
        caller.read("files_get_metadata", destination)
    except Exception:  # noqa: BLE001 - any failure to find it means "not moved"
        return False
    return True
