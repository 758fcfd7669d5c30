"""Connect an engagement to Dropbox from a terminal (OAuth2 no-redirect flow with PKCE)."""

import dropbox
import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dropbox_integration import oauth
from dropbox_integration.models import DropboxConnection
from dropbox_integration.services import dropbox_connection_create
from engagements.errors import DomainError
from engagements.models import Engagement


class Command(BaseCommand):
    help = (
        "Connect an engagement to its customer's Dropbox team. Against the sandbox "
        "(DROPBOX_SANDBOX_URL set) it completes by itself; against Dropbox it prints a URL for "
        "a team admin to open and asks for the code Dropbox shows after approval."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the engagement's reference, e.g. MF-2026-0001")
        parser.add_argument(
            "--manual",
            action="store_true",
            help="print the URL and ask for the code even against the sandbox (as with real Dropbox)",
        )

    def handle(self, *args, reference: str, manual: bool = False, **options):
        engagement = Engagement.objects.filter(reference=reference.strip()).select_related("customer").first()
        if engagement is None:
            raise CommandError(f"No engagement has the reference {reference!r}.")
        if DropboxConnection.objects.filter(engagement=engagement).exists():
            raise CommandError(
                f"{engagement.reference} is already connected to Dropbox; disconnect it first (an admin, "
                "on the engagement page or in the Django admin)."
            )
        try:
            flow = oauth.no_redirect_flow()
            authorize_url = flow.start()
            # The code is bound to this run's PKCE verifier, so it is asked for here, not passed in.
            if settings.DROPBOX_SANDBOX_URL and not manual:
                self.stdout.write(f"Approving in the Dropbox sandbox at {settings.DROPBOX_SANDBOX_URL} ...")
                code = oauth.sandbox_approve(authorize_url, team_name=engagement.customer.name).get("code")
                if not code:
                    raise CommandError("The Dropbox sandbox gave no authorization code.")
            else:
                self.stdout.write("1. A team admin of the customer's Dropbox opens this URL and approves:")
                self.stdout.write(f"   {authorize_url}")
                code = input("2. Paste the code Dropbox shows: ").strip()
                if not code:
                    raise CommandError("No code given; nothing was connected.")
            token = oauth.no_redirect_flow_finish(flow, code)
            connection = dropbox_connection_create(
                engagement=engagement, user=None, refresh_token=token.refresh_token, scopes=token.scopes
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        except (dropbox.exceptions.DropboxException, requests.exceptions.RequestException) as error:
            raise CommandError(
                f"Dropbox gave an unexpected answer ({type(error).__name__}); nothing was connected."
            ) from None
        except (EOFError, KeyboardInterrupt):
            raise CommandError("Stopped; nothing was connected.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{engagement.reference} is connected to the Dropbox team “{connection.team_name}” "
                f"(team admin {connection.admin_email or connection.admin_member_id})."
            )
        )
