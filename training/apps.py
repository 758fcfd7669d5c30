"""Phase 4: training before anyone enters the folders, and two weeks of support."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    label = "training"
    verbose_name = _("Training and support")

    def ready(self) -> None:
        """Register this app's phase guards (engagements.phases.register_guard) and demo step here."""
