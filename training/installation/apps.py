"""Phase 4: the Dropbox app installed per user and device: on site, remote, or instructions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingInstallationConfig(AppConfig):
    name = "training.installation"
    label = "training_installation"
    verbose_name = _("Installation")

    def ready(self) -> None:
        """Register this app's phase guards (engagements.phases.register_guard) and demo step here."""
