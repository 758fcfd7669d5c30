"""Phase 3: Dropbox licences: the plan, the seats and each user's invitation to the team."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    label = "licensing"
    verbose_name = _("Dropbox licences")

    def ready(self) -> None:
        """Register this app's phase guards (engagements.phases.register_guard) and demo step here."""
