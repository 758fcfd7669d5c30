"""Moves in Dropbox, many per call: `move_batch_v2`, polled with `move_batch/check_v2`. The delta
migration moves renamed and moved files this way (never re-uploading them), and moves files
deleted at the source into a dated archive folder, `<target root>/_Arkiv/<date>/...`."""

import time

from dropbox import files as dbx_files

MOVES_PER_CALL = 1000
ARCHIVE_FOLDER = "_Arkiv"
POLL_SECONDS = 0.2


def archive_path(*, target_root: str, path: str, day: str) -> str:
    """Where a file deleted at the source goes: under the target root's dated archive folder."""
    root = target_root.rstrip("/")
    relative = path[len(root) + 1 :] if path.lower().startswith(root.lower() + "/") else path.lstrip("/")
    return f"{root}/{ARCHIVE_FOLDER}/{day}/{relative}"


def move_batch(caller, pairs: list[tuple[str, str]]) -> tuple[list[str], dict[str, str]]:
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
            if entry.is_success() or already_moved(caller, entry, dst):
                moved.append(src)
            else:
                errors[src] = str(entry.get_failure())[:300]
    return moved, errors


def already_moved(caller, entry, destination: str) -> bool:
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
