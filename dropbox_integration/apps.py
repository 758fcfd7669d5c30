"""The one layer through which the app talks to Dropbox, and the local Dropbox API sandbox."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropboxIntegrationConfig(AppConfig):
    name = "dropbox_integration"
    verbose_name = _("Dropbox")
