"""`python manage.py migration scan|bulk|delta|verify|status|report REF [options]`.

A small dispatcher: each action is a module in migration/cli/ with
`run(*, engagement, options, out, err) -> int` (the exit code), so actions are added without
touching this file. Exit codes: 0 all well, 1 something needs attention (the last line says
what), 2 the command could not run (unknown reference, no source, action not available).
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement

ACTIONS = ("scan", "bulk", "delta", "verify", "status", "report")


class Command(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        # Built before handle() runs: gettext here speaks LANGUAGE_CODE, as nothing else is active
        # (argparse cannot take a lazy string).
        self.help = _("Scan a customer's share, migrate it into Dropbox, verify it, report on it.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("reference", help=_("The engagement's reference, like MF-2026-0007."))
        parser.add_argument("--source", help=_("Set the share's path on this host before running."))
        parser.add_argument("--target-root", help=_("Set the Dropbox folder the share lands under."))
        parser.add_argument(
            "--propagate-deletes",
            action="store_true",
            help=_("delta: move files deleted on the share into a dated archive folder in Dropbox."),
        )
        parser.add_argument(
            "--here", action="store_true", help=_("Run the batches in this process instead of the workers.")
        )
        parser.add_argument("--out", help=_("report: the folder to write the reports into."))

    def handle(self, *args, **options):
        # Every line in the installation's language (Swedish by default), whatever was active before.
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(options)

    def _handle(self, options):
        engagement = Engagement.objects.filter(reference=options["reference"].strip().upper()).first()
        if engagement is None:
            raise CommandError(
                _("There is no engagement with the reference %(reference)s.")
                % {"reference": options["reference"]},
                returncode=2,
            )
        module = _action_module(options["action"])
        try:
            code = module.run(engagement=engagement, options=options, out=self.stdout, err=self.stderr)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from None
        if code:
            raise SystemExit(code)


def _action_module(action: str):
    name = f"migration.cli.{action}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
    if action == "delta":
        return importlib.import_module("migration.cli.detect")  # detection only until the apply lands
    raise CommandError(
        _("The action “%(action)s” is not available in this installation yet.") % {"action": action},
        returncode=2,
    )
