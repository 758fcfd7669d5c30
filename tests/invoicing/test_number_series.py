"""The invoice numbers: one series without gaps or repeats, also when invoices are issued at once."""

import threading

import pytest
from django.db import connection, connections, transaction

from invoicing.models import InvoiceNumberSeries
from invoicing.services import invoice_number_next


@pytest.mark.django_db
def test_numbers_follow_on_and_a_rolled_back_invoice_gives_its_number_back():
    with transaction.atomic():
        assert invoice_number_next() == 1
    try:
        with transaction.atomic():
            assert invoice_number_next() == 2
            raise RuntimeError("the invoice failed")
    except RuntimeError:
        pass
    with transaction.atomic():
        assert invoice_number_next() == 2
    assert InvoiceNumberSeries.objects.get().last_number == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_invoices_never_skip_or_repeat():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; the row lock is exercised on PostgreSQL.")
    InvoiceNumberSeries.objects.create(name="invoice", last_number=0)
    numbers: list[int] = []
    barrier = threading.Barrier(8)

    def issue():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(invoice_number_next())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(1, 41))
