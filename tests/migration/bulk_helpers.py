"""Helpers for the migration tests: a scanned engagement, what Dropbox holds, the CLI run in-process."""

import io
from pathlib import Path

from django.core.management import call_command
from dropbox.exceptions import ApiError

from dropbox_integration.client import files_client
from dropbox_integration.retry import with_retries
from engagements.phases import Phase
from engagements.privacy.selectors import has_processor_agreement
from migration.models import ScanRun
from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_run_here
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from migration.services.verify import migration_verify
from tests.factories import sign_processor_agreement
from tests.phase_walk import walk_to

TARGET_ROOT = "/Filserver"


def scanned(
    engagement, root: Path, *, user=None, target_root: str = TARGET_ROOT, to_phase=Phase.MIGRATING
) -> ScanRun:
    """Point the engagement at `root`, run the discovery scan in this process, record the
    customer's processor agreement (unless there is one) and, when the engagement is still in
    discovery or quoted, walk it to `to_phase` (None: leave it), so a bulk migration may start."""
    migration_source_set(engagement=engagement, source_path=str(root), target_root=target_root, user=user)
    scan = scan_execute(scan=scan_start(engagement=engagement, user=user))
    assert scan.status == ScanRun.Status.DONE, scan.error
    if not has_processor_agreement(engagement):
        sign_processor_agreement(engagement)  # a bulk migration may not start without one
    if to_phase is not None and engagement.phase in (Phase.DISCOVERY, Phase.QUOTED):
        walk_to(engagement, to_phase)  # nor before planning (a trial run) or migrating
    return scan


def migrate_and_verify(engagement, root: Path):
    """Scan `root`, migrate it in this process and verify it: rollout's guard is then met."""
    scanned(engagement, root)
    job_run_here(job_id=migration_start_bulk(engagement=engagement, user=None, enqueue=False).pk)
    verification = job_run_here(job_id=migration_verify(engagement=engagement, user=None, enqueue=False).pk)
    assert verification.result["passed"], verification.result
    return verification


def dropbox_files(engagement, root: str = TARGET_ROOT) -> dict[str, str]:
    """path_display -> content_hash of every file under `root` in the engagement's team space."""
    client = files_client(engagement)
    try:
        page = with_retries(client.files_list_folder, root, recursive=True, limit=2000)
    except ApiError as error:
        if error.error.is_path() and error.error.get_path().is_not_found():
            return {}
        raise
    entries = list(page.entries)
    while page.has_more:
        page = with_retries(client.files_list_folder_continue, page.cursor)
        entries.extend(page.entries)
    return {entry.path_display: entry.content_hash for entry in entries if hasattr(entry, "content_hash")}


def upload_calls(counts: dict) -> int:
    """API calls of the files namespace (what an upload costs; token refreshes are not counted)."""
    return sum(number for route, number in counts.items() if route.startswith("files/"))


def run_migration_command(*args) -> tuple[int, str, str]:
    """`manage.py migration ARGS` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("migration", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()
