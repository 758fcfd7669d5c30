"""`python manage.py dropbox_sandbox`: run the local Dropbox API sandbox until Ctrl-C / SIGTERM."""

import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the local Dropbox API sandbox (HTTPS, its own CA in <data>/ca.pem)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--data", default=str(Path(settings.BASE_DIR) / "var" / "dropbox-sandbox"))
        parser.add_argument(
            "--faults",
            default="",
            help=(
                "e.g. rate_limit=0.2,write_contention=0.05,server_error=0.05,drop=0.01,"
                "latency_ms=20,retry_after=1"
            ),
        )
        parser.add_argument(
            "--licences", type=int, default=None, help="num_licensed_users of each new team (25)"
        )
        parser.add_argument(
            "--init-only", action="store_true", help="create the data directory and CA (ca.pem), then exit"
        )

    def handle(self, *args, **options):
        from dropbox_sandbox.certs import load_or_create_ca
        from dropbox_sandbox.faults import FaultSettings
        from dropbox_sandbox.server import SandboxServer

        data_dir = Path(options["data"])
        if options["init_only"]:
            load_or_create_ca(data_dir)
            self.stdout.write(f"Dropbox sandbox CA: {data_dir / 'ca.pem'}")
            return
        try:
            faults = FaultSettings.parse(options["faults"])
        except ValueError as error:
            raise CommandError(f"--faults: {error}") from None
        try:
            server = SandboxServer(
                data_dir=data_dir,
                host=options["host"],
                port=options["port"],
                faults=faults,
                default_licences=options["licences"],
            )
        except OSError as error:
            raise CommandError(
                f"Cannot listen on {options['host']}:{options['port']}: {error.strerror}"
            ) from None
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        server.start()
        self.stdout.write(f"Dropbox sandbox listening on {server.url}")
        self.stdout.write(f"CA certificate: {server.ca_path}")
        self.stdout.write(f"Faults: {faults.as_dict()}")
        self.stdout.flush()
        while not stop.wait(0.5):
            pass
        server.stop()
        self.stdout.write("Dropbox sandbox stopped.")
