"""The demo step: an engagement with an accepted quote gets its invoice at acceptance, once."""

import pytest

from invoicing.demo import demo_advance_invoice, demo_final_invoice_and_reconciliation
from invoicing.models import Invoice

pytestmark = pytest.mark.django_db


def test_the_demo_invoices_at_acceptance_and_stops_before_an_unverified_migration(quoted):
    demo_advance_invoice(quoted)
    demo_final_invoice_and_reconciliation(quoted)
    assert list(Invoice.objects.filter(engagement=quoted).values_list("kind", flat=True)) == ["advance"]
