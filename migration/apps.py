"""Phase 3: scan of the file share, bulk and delta migration into Dropbox, verification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "migration"
    verbose_name = _("Migration")
