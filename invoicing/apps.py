"""Phase 5: invoices from the quote's payment plan, change orders, the store-credit ledger,
the reconciliation against the fixed price, and the SIE export for the accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    label = "invoicing"
    verbose_name = _("Invoicing")

    def ready(self) -> None:
        """The guard on closing (reconciliation done) and the demo step."""
        from engagements.phases import Phase, register_guard
        from invoicing import demo  # noqa: F401 - registers the demo step
        from invoicing.guards import closing_needs_reconciliation

        register_guard(to_phase=Phase.CLOSED, guard=closing_needs_reconciliation)
