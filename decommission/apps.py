"""Phase 5: the old server retired securely and sustainably, its residual value as store credit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecommissionConfig(AppConfig):
    name = "decommission"
    label = "decommission"
    verbose_name = _("Decommission")

    def ready(self) -> None:
        from decommission.selectors import closing_needs_decommissioning
        from engagements.phases import Phase, register_guard

        register_guard(to_phase=Phase.CLOSED, guard=closing_needs_decommissioning)
