"""Demo data for the migration: an engagement that reaches the migration phase gets a small file
share of its own under var/demo-shares/, scanned through the same services as a real one, so the
embedded run shows a scan summary and an exceptions report, and a bulk migration into the local
Dropbox sandbox can be started from the migration page.

The share holds what a Swedish small-business file server holds, including the names a real one
always has and Dropbox refuses (lock files, Thumbs.db, a colon, a case collision, a Mac NFD name).
"""

import random
import unicodedata
from pathlib import Path

from django.conf import settings
from django.db import transaction

from engagements.demo import register_demo_step
from engagements.phases import Phase
from migration.services import migration_source_set, scan_execute, scan_start

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


register_demo_step(to_phase=Phase.MIGRATING, step=demo_share_and_scan)
