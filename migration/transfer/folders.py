"""Folders in Dropbox: uploading a file creates its parent folders, so only folders with nothing
to migrate inside them need creating, with `create_folder_batch` (1,000 paths a call). A folder
row is `uploaded` once its folder is known to be in Dropbox, so a later delta does not list it
again."""

import time

from django.db.models import Exists, OuterRef

from engagements.models import Engagement
from migration.models import ManifestEntry
from migration.transfer.dropbox_calls import caller_for

FOLDERS_PER_CALL = 1000


def empty_folders(engagement: Engagement):
    children = ManifestEntry.objects.filter(
        engagement=engagement,
        parent_path=OuterRef("source_path"),
        action=ManifestEntry.Action.MIGRATE,
    )
    return (
        ManifestEntry.objects.filter(
            engagement=engagement, kind=ManifestEntry.Kind.FOLDER, action=ManifestEntry.Action.MIGRATE
        )
        .exclude(target_path="")
        .filter(~Exists(children))
    )


def create_empty_folders(*, engagement: Engagement) -> int:
    """Create the folders that hold nothing to migrate; a folder already there counts as done."""
    paths = list(empty_folders(engagement).values_list("target_path", flat=True))
    return folders_create(engagement=engagement, paths=paths)


def folders_create(*, engagement: Engagement, paths: list[str]) -> int:
    """Create these folders in Dropbox and mark their rows uploaded; one already there is done."""
    if not paths:
        return 0
    caller = caller_for(engagement)
    for start in range(0, len(paths), FOLDERS_PER_CALL):
        chunk = paths[start : start + FOLDERS_PER_CALL]
        launch = caller.write("files_create_folder_batch", chunk, autorename=False, force_async=False)
        if launch.is_async_job_id():
            job_id = launch.get_async_job_id()
            while True:
                status = caller.read("files_create_folder_batch_check", job_id)
                if not status.is_in_progress():
                    break
                time.sleep(0.2)
        folder_rows_mark_uploaded(engagement=engagement, target_paths=chunk)
    return len(paths)


def folder_rows_mark_uploaded(*, engagement: Engagement, target_paths: list[str] | None = None) -> int:
    """Folder rows still to create are in Dropbox now: those at `target_paths`, or all of them."""
    rows = ManifestEntry.objects.filter(
        engagement=engagement,
        kind=ManifestEntry.Kind.FOLDER,
        action=ManifestEntry.Action.MIGRATE,
        state__in=[ManifestEntry.State.PENDING, ManifestEntry.State.FAILED],
    )
    if target_paths is not None:
        rows = rows.filter(target_path_lower__in=[path.lower() for path in target_paths])
    return rows.update(state=ManifestEntry.State.UPLOADED)
