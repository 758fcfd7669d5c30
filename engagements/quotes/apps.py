"""Phase 1: discovery (kartläggning), the fixed-price quote, its PDF and the customer's acceptance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "engagements.quotes"
    label = "quotes"
    verbose_name = _("Discovery and quotes")
