"""Phase 3: the folder structure (team folders, personal folders, groups) and access per
folder, approved by the customer, applied and verified in Dropbox."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingFoldersConfig(AppConfig):
    name = "licensing.folders"
    label = "licensing_folders"
    verbose_name = _("Folders and permissions")

    def ready(self) -> None:
        """Register this app's phase guards (engagements.phases.register_guard) and demo step here."""
