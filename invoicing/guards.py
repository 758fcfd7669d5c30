"""Invoicing's guard on closing an engagement: the reconciliation with the customer is done."""

from django.utils.translation import gettext as _

from invoicing.selectors import reconciliation_done


def closing_needs_reconciliation(engagement) -> str | None:
    if reconciliation_done(engagement=engagement):
        return None
    return _(
        "The engagement closes after the reconciliation with the customer: "
        "mark it done on the invoicing page."
    )
