"""The migration benchmarks in one run: scan and delta detection (bench/migration_scan.py) and, when
present, upload and API calls (bench/migration_upload.py). Each prints its own table with its
baselines measured in the same run on the same tree.

    .venv/bin/python bench/migration.py [--files 100000] [--skip-upload] [--skip-scan]
"""

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=100_000, help="files in the scan benchmark's tree")
    parser.add_argument("--skip-scan", action="store_true")
    parser.add_argument("--skip-upload", action="store_true")
    args, rest = parser.parse_known_args()
    failed = False
    if not args.skip_scan:
        print("== Scan and delta detection ==", flush=True)
        command = [sys.executable, str(BENCH / "migration_scan.py"), "--files", str(args.files)]
        failed |= subprocess.run(command, check=False).returncode != 0
    upload = BENCH / "migration_upload.py"
    if not args.skip_upload and upload.exists():
        print("\n== Upload ==", flush=True)
        failed |= subprocess.run([sys.executable, str(upload), *rest], check=False).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
