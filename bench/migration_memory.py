"""Benchmark: peak memory of the scan, the bulk planning and the delta detection on a big tree.

    .venv/bin/python bench/migration_scan.py --files 1000000 --memory
    .venv/bin/python bench/migration_memory.py --files 1000000 [--tmp /tmp] [--keep] [--tree PATH]

1. Makes a plain tree of --files small files (100 to a folder; bench/plain_tree.py) under --tmp.
2. Runs each step in a fresh child process of its own, which reports its high-water mark (VmHWM,
   the peak resident memory; ru_maxrss is printed beside it), the resident memory it had after
   Django started, before the step, and the peak of its own children ("child MB": the scan's
   folder-listing process, migration/scan/walk.py; to be added to the step's peak):
   a. the discovery scan into the manifest (`scan_execute`), as `migration scan` runs it;
   b. the bulk migration's planning pass (`job_plan`: every file still to upload read, cut into
      batches of up to 1,000, rows marked queued), as the planning task runs it on a worker;
   c. with --batches K: a worker's share of that job, the first K batches (1,000 files each)
      uploaded through the real SDK to the Dropbox sandbox (run in its own process), as
      `migration_batch_run` runs them, one after the other in one process;
   d. with every file marked uploaded (as after the bulk) and --changed-percent of the files
      appended to, delta detection (`delta_detect`: rescan, compare with the manifest, plan).
3. Prints a table (step, seconds, peak MB) and deletes the tree and database unless --keep.
With --tree PATH the tree is made there, or reused when it is already there (and kept), so one
tree serves a run on SQLite and one on PostgreSQL.
Database: a fresh SQLite file beside the tree, or the one DATABASE_URL names (PostgreSQL).
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

PER_FOLDER = 100
STEPS = ("scan", "plan", "batches", "delta")
ISSUE_TARGET_MB = 300


def peak_memory_kb() -> tuple[int, int]:
    """(VmHWM, ru_maxrss) of this process in KiB. VmHWM is the one to read: ru_maxrss may keep the
    size the process had before exec, that is the parent's at fork time."""
    hwm = 0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return hwm, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def resident_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class ChildrenPeak:
    """The highest VmHWM seen among this process's children (the scan's folder-listing process,
    migration/scan/walk.py), sampled every 50 ms. Not RUSAGE_CHILDREN: a child's ru_maxrss keeps
    the size it had before exec, that is this process's."""

    def __init__(self):
        self.peak_kb = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._done.wait(0.05):
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    with open(f"/proc/{pid}/stat") as stat:
                        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                    if parent != me:
                        continue
                    with open(f"/proc/{pid}/status") as status:
                        for line in status:
                            if line.startswith("VmHWM:"):
                                self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except (OSError, ValueError, IndexError):
                    continue  # gone meanwhile

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kb


def setup_django(workdir: Path) -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


# The child: one step, then its figures on the last line of stdout ---------------------------------


def child(step: str, engagement_pk: int, workdir: Path, files: int, batches: int) -> None:
    setup_django(workdir)
    from engagements.models import Engagement
    from migration.jobs import job_plan
    from migration.models import MigrationJob, ScanRun
    from migration.services.delta import delta_detect
    from migration.services.scan import scan_execute, scan_start

    engagement = Engagement.objects.get(pk=engagement_pk)
    before_kb = resident_kb()
    sampler = ChildrenPeak()
    started = time.perf_counter()
    if step == "scan":
        scan = scan_execute(scan=scan_start(engagement=engagement, user=None))
        assert scan.status == ScanRun.Status.DONE, scan.error
        assert scan.files == files, scan.files
        detail = f"{scan.files} files"
    elif step == "plan":
        job = MigrationJob.objects.create(engagement=engagement, kind=MigrationJob.Kind.BULK)
        batches = job_plan(job=job)
        detail = f"{len(batches)} batches"
    elif step == "batches":
        from migration.transfer.batch_run import batch_run

        job = MigrationJob.objects.filter(engagement=engagement, kind=MigrationJob.Kind.BULK).latest("pk")
        pending = job.batches.filter(status="pending").order_by("pk").values_list("pk", flat=True)[:batches]
        uploaded = sum(batch_run(batch_id=batch_id).uploaded for batch_id in list(pending))
        assert uploaded == batches * 1000, uploaded
        detail = f"{uploaded} files uploaded in {batches} batches"
    else:
        delta = delta_detect(engagement=engagement, user=None)
        assert delta.status == ScanRun.Status.DONE, delta.error
        detail = f"{delta.plan['counts']['uploads']} to upload"
    seconds = time.perf_counter() - started
    hwm, maxrss = peak_memory_kb()
    children = sampler.stop()
    print(f"{seconds:.3f} {hwm} {maxrss} {before_kb} {children} {detail}")


# The parent ------------------------------------------------------------------------------------------


def run_step(step: str, engagement_pk: int, workdir: Path, files: int, batches: int) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            step,
            "--engagement",
            str(engagement_pk),
            "--workdir",
            str(workdir),
            "--files",
            str(files),
            "--batches",
            str(batches),
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    seconds, hwm, maxrss, before, children, detail = result.stdout.strip().splitlines()[-1].split(" ", 5)
    return {
        "step": step,
        "seconds": float(seconds),
        "peak_mb": int(hwm) / 1024,
        "maxrss_mb": int(maxrss) / 1024,
        "before_mb": int(before) / 1024,
        "children_mb": int(children) / 1024,
        "detail": detail,
    }


def change_files(root: Path, files: int, percent: float) -> int:
    """Append to every Nth file of the plain tree (its size and mtime change); no walk needed."""
    every = max(1, round(100 / percent))
    changed = 0
    for position in range(0, files, every):
        index, number = divmod(position, PER_FOLDER)
        path = root / f"Avdelning {index // 20:03d}" / f"Projekt {index:05d}" / f"dokument {number:03d}.txt"
        with open(path, "ab") as handle:
            handle.write(b"changed\n")
        changed += 1
    return changed


def run_memory(
    *,
    files: int,
    changed_percent: float,
    tmp: str,
    keep: bool,
    tree: str | None = None,
    batches: int = 0,
) -> list[dict]:
    from plain_tree import make_plain_tree_fast

    workdir = Path(tempfile.mkdtemp(prefix="bench-migration-memory-", dir=tmp))
    try:
        share = Path(tree) if tree else workdir / "share"
        if tree and share.is_dir():
            print(f"Tree: reusing {share}", flush=True)
        else:
            started = time.perf_counter()
            make_plain_tree_fast(share, files=files, per_folder=PER_FOLDER)
            seconds = time.perf_counter() - started
            print(f"Tree: {files:,} files in {share} ({seconds:.1f} s to make)", flush=True)
        os.environ.setdefault("MIGRATION_SOURCE_ROOTS", str(share))  # for the children too
        sandbox = None
        if batches:
            from migration_upload import SandboxProcess, prepare_environment

            prepare_environment(workdir)  # the sandbox's address and data folder, for the children too
            sandbox = SandboxProcess()
        vendor = setup_django(workdir)
        from django.core.management import call_command
        from django.db import DatabaseError

        call_command("migrate", verbosity=0)
        from migration_scan import make_engagement

        from migration.models import ManifestEntry
        from migration.services.source import migration_source_set

        engagement = make_engagement()
        if batches:
            from tests.dropbox_connection_fixtures import connect_through_sandbox

            connect_through_sandbox(engagement)
        try:
            migration_source_set(
                engagement=engagement, source_path=str(share), target_root="/Filserver", user=None
            )
            rows = []
            for step in STEPS:
                if step == "batches" and not batches:
                    continue
                if step == "delta":
                    # As after the bulk: every file in Dropbox; then the share changes a little.
                    ManifestEntry.objects.filter(engagement=engagement).update(
                        state=ManifestEntry.State.UPLOADED, batch=None
                    )
                    change_files(share, files, changed_percent)
                rows.append(run_step(step, engagement.pk, workdir, files, batches))
                print(_row(rows[-1]), flush=True)
        finally:
            try:
                engagement.delete()
            except DatabaseError as error:  # SQLite refuses Django's cascade over a million rows
                print(f"The bench's engagement was not deleted ({error}); the work folder goes anyway.")
            if sandbox is not None:
                sandbox.stop()
        print(f"\nDatabase: {vendor}. {files:,} files. Each step in a fresh process; peak = its VmHWM.\n")
        print(
            f"{'step':<8} {'seconds':>8} {'peak MB':>8} {'after setup MB':>15} {'ru_maxrss MB':>13}"
            f" {'child MB':>9}  detail"
        )
        for row in rows:
            print(_row(row))
        worst = max(row["peak_mb"] + row["children_mb"] for row in rows)  # a step and its walker
        verdict = "met" if worst <= ISSUE_TARGET_MB else "NOT met"
        print(f"\nTarget: peak worker memory <= {ISSUE_TARGET_MB} MB ({verdict}: highest {worst:.0f} MB).")
        return rows
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _row(row: dict) -> str:
    return (
        f"{row['step']:<8} {row['seconds']:>8.1f} {row['peak_mb']:>8.0f} {row['before_mb']:>15.0f} "
        f"{row['maxrss_mb']:>13.0f} {row['children_mb']:>9.0f}  {row['detail']}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--changed-percent", type=float, default=1.0)
    parser.add_argument("--tmp", default=tempfile.gettempdir(), help="where the tree is made (default /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the tree and database")
    parser.add_argument("--tree", help="make the tree here, or reuse the one already here (kept)")
    parser.add_argument(
        "--batches", type=int, default=0, help="also upload the job's first K batches to the sandbox"
    )
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--engagement", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.engagement, Path(args.workdir), args.files, args.batches)
        return
    run_memory(
        files=args.files,
        changed_percent=args.changed_percent,
        tmp=args.tmp,
        keep=args.keep,
        tree=args.tree,
        batches=args.batches,
    )


if __name__ == "__main__":
    main()
