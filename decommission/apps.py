"""Phase 5: retiring the old server, reconciliation and feedback."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecommissionConfig(AppConfig):
    name = "decommission"
    verbose_name = _("Decommission")
