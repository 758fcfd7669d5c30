"""The one layer through which the app talks to Dropbox (the sandbox is the `dropbox_sandbox` app)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropboxIntegrationConfig(AppConfig):
    name = "dropbox_integration"
    verbose_name = _("Dropbox")
