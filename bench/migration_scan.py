"""Benchmark: our scan and delta detection against find, rclone and rsync on the same tree.

    .venv/bin/python bench/migration_scan.py [--files 100000] [--changed-percent 1] [--keep]

1. Generates a tree of --files small files (100 to a folder) and a copy of it.
2. Times, on that tree: `find -printf` (a bare walk), `rclone sync --dry-run` and `rsync -an`
   between the two copies, and our discovery scan into the manifest.
3. Changes --changed-percent of the files, then times `rclone sync --dry-run`, `rsync -an` and our
   delta detection (rescan + compare with the manifest + plan).
Database: a fresh SQLite file in the work folder, or the one DATABASE_URL names (PostgreSQL); the
bench's engagement is deleted afterwards. Needs Debian's rclone: `apt-get install -y rclone`.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def setup_django(workdir: Path) -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("MIGRATION_SOURCE_ROOTS", str(workdir))  # the tree is made in here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def make_engagement():
    from django.contrib.auth import get_user_model

    from engagements.models import Customer
    from engagements.services import engagement_create

    seller, _ = get_user_model().objects.get_or_create(username="bench-seller")
    customer, _ = Customer.objects.get_or_create(
        organisation_number="556000-0001", defaults={"name": "Bench AB"}
    )
    return engagement_create(customer=customer, title="Scan benchmark", seller=seller, user=None)


def change_files(root: Path, percent: float) -> int:
    """Append to every Nth file so its size and mtime change."""
    every = max(1, round(100 / percent))
    changed = 0
    for index, path in enumerate(sorted(root.rglob("*.txt"))):
        if index % every == 0:
            with open(path, "ab") as handle:
                handle.write(b"changed\n")
            changed += 1
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--changed-percent", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=2, help="rounds; the table keeps each tool's best")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--memory", action="store_true", help="measure peak memory instead (bench/migration_memory.py)"
    )
    args = parser.parse_args()
    if args.memory:
        from migration_memory import run_memory

        run_memory(
            files=args.files, changed_percent=args.changed_percent, tmp=tempfile.gettempdir(), keep=args.keep
        )
        return
    if shutil.which("rclone") is None:
        sys.exit("rclone is missing: install Debian's with `apt-get install -y rclone`.")

    workdir = Path(tempfile.mkdtemp(prefix="bench-migration-scan-"))
    try:
        run(args, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path) -> None:
    from plain_tree import make_plain_tree_fast

    source, copy = workdir / "share", workdir / "copy"
    started = time.perf_counter()
    make_plain_tree_fast(source, files=args.files, per_folder=100)
    subprocess.run(["cp", "-a", str(source), str(copy)], check=True)
    print(f"Tree: {args.files:,} files in {workdir} ({time.perf_counter() - started:.1f} s to make)")
    vendor = setup_django(workdir)

    from migration.models import ManifestEntry, ScanRun
    from migration.services.delta import delta_detect
    from migration.services.scan import scan_execute, scan_start
    from migration.services.source import migration_source_set

    rclone = ["rclone", "sync", "--dry-run", "--config", "/dev/null", f"{source}/", f"{copy}/"]
    rsync = ["rsync", "-an", f"{source}/", f"{copy}/"]
    rows = []
    find, rclone_scan, rsync_scan, ours_scan = [], [], [], []
    engagements = []
    try:
        # Each round runs every tool once, one after the other, so a burst of load on this machine
        # hits all of them alike; the table keeps each one's best round.
        for _ in range(args.runs):
            find.append(timed(["find", str(source), "-printf", "%P %s %T@ %i\n"]))
            rclone_scan.append(timed(rclone))
            rsync_scan.append(timed(rsync))
            engagement = make_engagement()
            engagements.append(engagement)
            migration_source_set(
                engagement=engagement, source_path=str(source), target_root="/Filserver", user=None
            )
            started = time.perf_counter()
            scan = scan_execute(scan=scan_start(engagement=engagement, user=None))
            ours_scan.append(time.perf_counter() - started)
            assert scan.status == ScanRun.Status.DONE, scan.error
            assert scan.files == args.files, scan.files
            # As after a bulk migration: everything uploaded.
            ManifestEntry.objects.filter(engagement=engagement).update(state=ManifestEntry.State.UPLOADED)
        rows.append(("scan", "find -printf", min(find), min(ours_scan)))
        rows.append(("scan", "rclone sync --dry-run", min(rclone_scan), min(ours_scan)))
        rows.append(("scan", "rsync -an", min(rsync_scan), min(ours_scan)))

        changed = change_files(source, args.changed_percent)
        rclone_delta, rsync_delta, ours_delta = [], [], []
        for engagement in engagements:  # each has the same manifest, so each delta is the same work
            rclone_delta.append(timed(rclone))
            rsync_delta.append(timed(rsync))
            started = time.perf_counter()
            delta = delta_detect(engagement=engagement, user=None)
            ours_delta.append(time.perf_counter() - started)
            assert delta.plan["counts"]["uploads"] == changed, (delta.plan["counts"], changed)
        rows.append(
            (f"delta ({changed:,} changed)", "rclone sync --dry-run", min(rclone_delta), min(ours_delta))
        )
        rows.append((f"delta ({changed:,} changed)", "rsync -an", min(rsync_delta), min(ours_delta)))
    finally:
        for engagement in engagements:
            engagement.delete()
    ours_scan, rclone_scan, rsync_scan = min(ours_scan), min(rclone_scan), min(rsync_scan)
    ours_delta, rclone_delta, rsync_delta = min(ours_delta), min(rclone_delta), min(rsync_delta)

    print(
        f"\nDatabase: {vendor}. Ours = scan into the manifest / delta detection (rescan + compare + plan)."
        f" Best of {args.runs} rounds.\n"
    )
    print(f"{'step':<22} {'baseline':<24} {'baseline s':>10} {'ours s':>8} {'ours/baseline':>14}")
    for step, baseline, theirs, ours in rows:
        print(f"{step:<22} {baseline:<24} {theirs:>10.2f} {ours:>8.2f} {ours / theirs:>13.2f}x")
    print(
        f"\nTargets: scan <= 2x rclone ({'met' if ours_scan <= 2 * rclone_scan else 'NOT met'}); "
        f"delta faster than rclone ({'met' if ours_delta < rclone_delta else 'NOT met'}) "
        f"and rsync ({'met' if ours_delta < rsync_delta else 'NOT met'})."
    )


if __name__ == "__main__":
    main()
