"""Privacy: the processor agreement (personuppgiftsbiträdesavtal) of each engagement, the
anonymisation of ended engagements, and a person's data on request (the consultancy is a
processor under GDPR)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "engagements.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
