"""Empty folders: uploading a file creates its parent folders, so only folders with nothing
to migrate inside them need creating, with `create_folder_batch` (1,000 paths a call)."""

import time

from django.db.models import Exists, OuterRef

from engagements.models import Engagement
from migration.models import ManifestEntry

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
    from migration.batch_run import caller_for

    paths = list(empty_folders(engagement).values_list("target_path", flat=True))
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
    return len(paths)
