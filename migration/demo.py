"""Demo data for the migration: an engagement that reaches the migration phase gets a small file
share of its own under var/demo-shares/, scanned through the same services as a real one, so the
embedded run shows a scan summary and an exceptions report, and a bulk migration into the local
Dropbox sandbox can be started from the migration page.

The share holds what a Swedish small-business file server holds, including the names a real one
always has and Dropbox refuses (lock files, Thumbs.db, a colon, a case collision, a Mac NFD name).
"""

import random
import unicodedata
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.phases import Phase
from migration.models import MigrationJob
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set

FOLDERS = {
    "Ekonomi": [
        "Bokslut 2025.xlsx",
        "Budget 2026.xlsx",
        "budget 2026.xlsx",
        "Moms Q3.pdf",
        "~$Budget 2026.xlsx",
    ],
    "Projekt": ["Anbud Storgatan.docx", "Ritning: plan 2.pdf", "Tidplan.xlsx", "Thumbs.db"],
    "Personal": ["Semesterlista.xlsx", "Introduktion nyanställd.docx", ".DS_Store"],
    "Gemensamt": ["Logotyp.png", "Mallar/Brevmall.dotx", "Mallar/Offertmall.dotx", "Att göra."],
    "Arkiv": [unicodedata.normalize("NFD", "Kundregister Åre.xlsx")]
    + [f"{year}/Verifikationer {year}-{month:02}.pdf" for year in (2019, 2020) for month in range(1, 13)],
}
SEED = 2026


def _write_share(root: Path) -> None:
    # Demo content, not secrets: the same bytes on every run.
    rng = random.Random(SEED)  # noqa: S311
    for folder, names in FOLDERS.items():
        for name in names:
            path = root / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rng.randbytes(rng.randint(2_000, 60_000)))


def demo_share_and_scan(engagement) -> None:
    root = Path(settings.VAR_DIR) / "demo-shares" / engagement.reference
    if not root.exists():
        _write_share(root)
    migration_source_set(engagement=engagement, source_path=str(root), target_root="/Filserver", user=None)

    def scan_after_commit():
        # The scan writes the manifest in batches of its own; the demo loader's transaction
        # must have committed first.
        scan_execute(scan=scan_start(engagement=engagement, user=engagement.coordinator))

    transaction.on_commit(scan_after_commit)


def demo_verified_migration(engagement) -> None:
    """Past the migration, a demo engagement shows a finished bulk migration and a verification
    that passed (rollout's guard asks for them). The demo has no Dropbox team to migrate into
    while it loads, so these are the records of a run, marked `demo`, counted from its share."""
    root = Path(settings.VAR_DIR) / "demo-shares" / engagement.reference
    files = [path for path in root.rglob("*") if path.is_file()]
    count, size = len(files), sum(path.stat().st_size for path in files)
    now = timezone.now()
    counts = {"files_total": count, "files_done": count, "bytes_total": size, "bytes_done": size}
    for kind, started, result in (
        (MigrationJob.Kind.BULK, now - timedelta(hours=3), {"demo": True}),
        (
            MigrationJob.Kind.VERIFY,
            now - timedelta(hours=1),
            {
                "demo": True,
                "verified": count,
                "missing": 0,
                "mismatched": 0,
                "extra": 0,
                "bytes_verified": size,
                "passed": True,
                "missing_paths": [],
                "mismatched_paths": [],
                "extra_paths": [],
            },
        ),
    ):
        job = MigrationJob(
            engagement=engagement,
            kind=kind,
            status=MigrationJob.Status.DONE,
            started_by=engagement.coordinator,
            started_at=started,
            finished_at=started + timedelta(minutes=40),
            last_progress_at=started + timedelta(minutes=40),
            result=result,
            **counts,
        )
        job.full_clean()
        job.save()


register_demo_step(to_phase=Phase.MIGRATING, step=demo_share_and_scan)
register_demo_step(to_phase=Phase.ROLLOUT, step=demo_verified_migration)
