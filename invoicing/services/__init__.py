"""Verbs of invoicing. Views, admin, tasks and other apps call these."""

from invoicing.services.change_orders import (
    ChangeOrderError,
    change_order_approve,
    change_order_decline,
    change_order_propose,
    change_order_withdraw,
)
from invoicing.services.credit import CreditError, credit_correct, credit_expire, credit_issue, credit_use
from invoicing.services.invoices import (
    InvoiceAboveCeilingError,
    InvoiceError,
    NewLine,
    final_invoice_refusal,
    invoice_issue,
    invoice_issue_advance,
    invoice_issue_final,
    invoice_number_next,
)
from invoicing.services.reconciliation import (
    ReconciliationError,
    reconciliation_mark_done,
    reconciliation_update,
)

__all__ = [
    "ChangeOrderError",
    "CreditError",
    "InvoiceAboveCeilingError",
    "InvoiceError",
    "NewLine",
    "ReconciliationError",
    "change_order_approve",
    "change_order_decline",
    "change_order_propose",
    "change_order_withdraw",
    "credit_correct",
    "credit_expire",
    "credit_issue",
    "credit_use",
    "final_invoice_refusal",
    "invoice_issue",
    "invoice_issue_advance",
    "invoice_issue_final",
    "invoice_number_next",
    "reconciliation_mark_done",
    "reconciliation_update",
]
