"""Phase 5: invoices from the quote's payment plan, change orders, the store-credit ledger,
the reconciliation against the fixed price, and the SIE export for the accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    label = "invoicing"
    verbose_name = _("Invoicing")

    def ready(self) -> None:
        """Register this app's phase guards (engagements.phases.register_guard) and demo step here."""
