"""Verification: list the Dropbox side and compare it with the manifest.

1. List every target folder recursively (`list_folder` + `list_folder/continue` with cursors),
   keeping per file only its lowercased path and 32-byte content hash.
2. Walk the manifest's files to migrate: present with the same content hash -> `verified`;
   absent, or another hash -> `failed` with the reason. A row that has no hash of its own (a
   batch died after Dropbox committed it) is hashed from the source now.
3. What is left of the listing is extra: listed, not failed (the archive folder excepted).
The counts and lists land on the MigrationJob(kind=verify): its counters and `result`.
"""

import os

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from dropbox import files as dbx_files
from dropbox.exceptions import ApiError

from engagements.models import Engagement
from engagements.services import audit_log
from migration.content_hash import content_hash_of_file
from migration.dropbox_audit import job_action_record
from migration.models import ManifestEntry, MigrationJob, MigrationSource
from migration.services.job_start import migration_job_start
from migration.source_roots import confined_source_path, open_beneath
from migration.transfer.dropbox_calls import caller_for
from migration.transfer.manifest_updates import manifest_rows_update
from migration.transfer.moves import ARCHIVE_FOLDER

LIST_LIMIT = 2000
LISTED_PATHS_KEPT = 1000  # paths kept in the audit row per list (missing, mismatched, extra)
STATES_NOT_EXPECTED = [ManifestEntry.State.DELETED_IN_SOURCE]


def migration_verify(
    *, engagement: Engagement, user: AbstractBaseUser | None, enqueue: bool = True
) -> MigrationJob:
    """Queue the verification of what the manifest says is in Dropbox (migration.services.job_start)."""
    return migration_job_start(
        engagement=engagement, kind=MigrationJob.Kind.VERIFY, user=user, enqueue=enqueue
    )


def target_roots(source: MigrationSource) -> list[str]:
    """The target root and every mapped folder outside it, without nesting."""
    roots = sorted({source.target_root, *source.folder_mapping.values()}, key=str.lower)
    kept: list[str] = []
    for root in roots:
        if not any(root.lower().startswith(parent.lower().rstrip("/") + "/") for parent in kept):
            kept.append(root)
    return kept


def dropbox_listing(caller, roots: list[str]) -> dict[str, bytes]:
    """path_lower -> content hash (32 bytes) of every file under the roots."""
    listing: dict[str, bytes] = {}
    for root in roots:
        try:
            page = caller.read("files_list_folder", root, recursive=True, limit=LIST_LIMIT)
        except ApiError as error:
            lookup = getattr(error.error, "get_path", None)
            if lookup and error.error.is_path() and error.error.get_path().is_not_found():
                continue  # nothing migrated under this root yet: every file will be missing
            raise
        while True:
            for entry in page.entries:
                if isinstance(entry, dbx_files.FileMetadata):
                    listing[entry.path_lower] = bytes.fromhex(entry.content_hash or "")
            if not page.has_more:
                break
            page = caller.read("files_list_folder_continue", page.cursor)
    return listing


def verify_job_run(*, job_id: int) -> MigrationJob:
    """Steps 1-3 of the module docstring."""
    with transaction.atomic():
        job = MigrationJob.objects.select_for_update().select_related("engagement").get(pk=job_id)
        if job.status not in (MigrationJob.Status.QUEUED, MigrationJob.Status.RUNNING):
            return job
        job.status = MigrationJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    engagement = job.engagement
    source = MigrationSource.objects.get(engagement=engagement)
    listing = dropbox_listing(caller_for(engagement), target_roots(source))
    # Read below the real path, if still within MIGRATION_SOURCE_ROOTS (SourceOutsideRoots fails the job).
    root_bytes = os.fsencode(confined_source_path(source.source_path))
    expected = ManifestEntry.objects.filter(
        engagement=engagement, kind=ManifestEntry.Kind.FILE, action=ManifestEntry.Action.MIGRATE
    ).exclude(state__in=STATES_NOT_EXPECTED)
    now = timezone.now()
    counts = {"verified": 0, "missing": 0, "mismatched": 0, "bytes_verified": 0}
    missing: list[str] = []
    mismatched: list[str] = []
    changed: list[ManifestEntry] = []
    fields = ["state", "verified_at", "dropbox_content_hash", "content_hash", "last_error"]
    for entry in expected.only(
        "pk", "source_path", "source_path_raw", "target_path", "target_path_lower", "size", "state", *fields
    ).iterator(chunk_size=2000):
        remote = listing.pop(entry.target_path_lower, None)
        local = entry.content_hash or _hash_source(root_bytes, entry)
        if remote is None:
            counts["missing"] += 1
            _keep(missing, entry.source_path)
            _set(entry, ManifestEntry.State.FAILED, _("Missing in Dropbox."), changed, content_hash=local)
        elif remote.hex() != local:
            counts["mismatched"] += 1
            _keep(mismatched, entry.source_path)
            _set(
                entry,
                ManifestEntry.State.FAILED,
                _("The file in Dropbox has another content hash than the source."),
                changed,
                content_hash=local,
                dropbox_hash=remote.hex(),
            )
        else:
            counts["verified"] += 1
            counts["bytes_verified"] += entry.size
            entry.verified_at = now
            _set(
                entry,
                ManifestEntry.State.VERIFIED,
                "",
                changed,
                content_hash=local,
                dropbox_hash=remote.hex(),
            )
        if len(changed) >= 2000:
            _write(changed, fields)
            changed.clear()
    _write(changed, fields)
    archive_marker = f"/{ARCHIVE_FOLDER.lower()}/"
    extra = sorted(path for path in listing if archive_marker not in path)
    counts["extra"] = len(extra)
    with transaction.atomic():
        job = MigrationJob.objects.select_for_update().get(pk=job_id)
        job.files_total = counts["verified"] + counts["missing"] + counts["mismatched"]
        job.files_done = counts["verified"]
        job.bytes_done = job.bytes_total = counts["bytes_verified"]
        job.files_failed = counts["missing"] + counts["mismatched"]
        job.status = MigrationJob.Status.DONE
        job.finished_at = timezone.now()
        job.last_progress_at = job.finished_at
        job.result = {
            **counts,
            "passed": job.files_failed == 0,
            "missing_paths": missing,
            "mismatched_paths": mismatched,
            "extra_paths": extra[:LISTED_PATHS_KEPT],
        }
        job.save()
        audit_log(
            action="migration.verify_finished",
            user=None,
            engagement=engagement,
            details={"job": job.pk, **counts, "passed": job.result["passed"]},
        )
        job_action_record(job=job, event="finished", detail={**counts, "passed": job.result["passed"]})
    return job


def _write(entries: list[ManifestEntry], fields: list[str]) -> None:
    manifest_rows_update(
        fields, [(*(getattr(entry, name) for name in fields), entry.pk) for entry in entries]
    )


def _keep(paths: list[str], path: str) -> None:
    if len(paths) < LISTED_PATHS_KEPT:
        paths.append(path)


def _set(entry, state, error, changed, *, content_hash="", dropbox_hash=None) -> None:
    entry.state = state
    entry.last_error = error
    if content_hash:
        entry.content_hash = content_hash
    if dropbox_hash is not None:
        entry.dropbox_content_hash = dropbox_hash
    changed.append(entry)


def _hash_source(root: bytes, entry: ManifestEntry) -> str:
    try:
        return content_hash_of_file(open_beneath(root, entry.source_path_bytes))
    except OSError:
        return ""
