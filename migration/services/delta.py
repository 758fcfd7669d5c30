"""The delta migration: detecting what changed since the bulk (a rescan, `delta_detect`), and
applying the plan it stores (migration.delta_plan) to Dropbox.

1. Moves and renames become Dropbox moves (`move_batch_v2`, polled with `move_batch/check_v2`),
   never re-uploads; then the new folders are created (`create_folder_batch`) and their rows
   marked uploaded.
2. Deletions are applied only when asked (`propagate_deletes`), and then as a move into a dated
   archive folder, `<target root>/_Arkiv/<date>/...`: the engine never hard-deletes in Dropbox.
3. New and changed files are uploaded by the same batches as the bulk migration
   (migration.jobs.job_plan), after the moves, so a moved-and-changed file is overwritten in its
   new place.
"""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.services import audit_log
from migration.delta_plan import delta_moves_applied, delta_plan_build
from migration.models import ManifestEntry, MigrationJob, MigrationSource, ScanRun
from migration.services.job_start import migration_job_start
from migration.services.scan import scan_execute, scan_start
from migration.transfer.dropbox_calls import caller_for
from migration.transfer.folders import folders_create
from migration.transfer.moves import archive_path, move_batch


def migration_start_delta(
    *,
    engagement: Engagement,
    user: AbstractBaseUser | None,
    propagate_deletes: bool = False,
    enqueue: bool = True,
) -> MigrationJob:
    """Queue the delta migration of what the last delta scan found (run `delta_detect` first)."""
    return migration_job_start(
        engagement=engagement,
        kind=MigrationJob.Kind.DELTA,
        user=user,
        enqueue=enqueue,
        detail={"propagate_deletes": propagate_deletes},
        propagate_deletes=propagate_deletes,
    )


def delta_detect(
    *, engagement: Engagement, user: AbstractBaseUser | None, progress: Callable | None = None
) -> ScanRun:
    """Rescan the share against the manifest; the returned scan's `plan` says what to do."""
    scan = scan_start(engagement=engagement, user=user, kind=ScanRun.Kind.DELTA)
    return scan_execute(scan=scan, progress=progress)


def delta_prepare(*, job: MigrationJob) -> dict:
    """Steps 1 and 2 of the module docstring; returns counts for the job's summary."""
    engagement = job.engagement
    plan = delta_plan_build(engagement=engagement)
    caller = caller_for(engagement)
    moved, move_errors = move_batch(caller, [(move.from_path, move.to_path) for move in plan.moves])
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
        archived, archive_errors = move_batch(caller, pairs)
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
