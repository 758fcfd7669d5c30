"""Phase 5: the old server retired securely and sustainably, its residual value as store credit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecommissionConfig(AppConfig):
    name = "decommission"
    label = "decommission"
    verbose_name = _("Decommission")

    def ready(self) -> None:
        """Register this app's phase guards (engagements.phases.register_guard) and demo step here."""
