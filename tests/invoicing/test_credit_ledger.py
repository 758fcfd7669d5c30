"""The store-credit ledger: the balance after issue, use and correction; entries are never edited."""

from decimal import Decimal

import pytest

from invoicing.models import CreditEntry, LedgerIsAppendOnlyError
from invoicing.selectors import credit_balance
from invoicing.services import CreditError, credit_correct, credit_expire, credit_issue, credit_use

pytestmark = pytest.mark.django_db


def test_balance_after_issue_use_and_correction(engagement, coordinator):
    customer = engagement.customer
    issued = credit_issue(
        customer=customer,
        amount=Decimal("3200.00"),
        reason="Residual value of the old server",
        user=coordinator,
    )
    assert credit_balance(customer=customer) == Decimal("3200.00")

    credit_use(customer=customer, amount=Decimal("1200.50"), reason="Purchase: two docks", user=coordinator)
    assert credit_balance(customer=customer) == Decimal("1999.50")

    credit_correct(
        entry=issued, amount=Decimal("-200.00"), reason="Appraisal of the disks revised", user=coordinator
    )
    assert credit_balance(customer=customer) == Decimal("1799.50")

    credit_expire(customer=customer, amount=Decimal("1799.50"), reason="Expired after two years", user=None)
    assert credit_balance(customer=customer) == Decimal("0.00")

    kinds = list(CreditEntry.objects.filter(customer=customer).values_list("kind", "amount", "created_by"))
    assert kinds == [
        ("issued", Decimal("3200.00"), coordinator.pk),
        ("used", Decimal("-1200.50"), coordinator.pk),
        ("correction", Decimal("-200.00"), coordinator.pk),
        ("expired", Decimal("-1799.50"), None),
    ]
    # The corrected entry is as it was.
    issued.refresh_from_db()
    assert issued.amount == Decimal("3200.00")


def test_an_entry_is_never_changed_or_deleted(engagement, coordinator):
    entry = credit_issue(
        customer=engagement.customer, amount=Decimal("500"), reason="Residual value", user=coordinator
    )
    entry.amount = Decimal("5000")
    with pytest.raises(LedgerIsAppendOnlyError):
        entry.save()
    with pytest.raises(LedgerIsAppendOnlyError):
        entry.delete()
    with pytest.raises(LedgerIsAppendOnlyError):
        CreditEntry.objects.filter(pk=entry.pk).update(amount=Decimal("5000"))
    with pytest.raises(LedgerIsAppendOnlyError):
        CreditEntry.objects.filter(pk=entry.pk).delete()
    assert CreditEntry.objects.get(pk=entry.pk).amount == Decimal("500.00")


def test_spending_more_than_the_balance_is_refused(engagement, coordinator, english):
    credit_issue(
        customer=engagement.customer, amount=Decimal("100"), reason="Residual value", user=coordinator
    )
    with pytest.raises(CreditError) as refused:
        credit_use(
            customer=engagement.customer, amount=Decimal("100.01"), reason="Purchase", user=coordinator
        )
    assert refused.value.message == "The customer has 100.00 kr in store credit; 100.01 kr is more than that."
    assert credit_balance(customer=engagement.customer) == Decimal("100.00")


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "Infinity"])
def test_hostile_amounts_are_refused_with_a_sentence(engagement, coordinator, amount):
    with pytest.raises(CreditError):
        credit_issue(customer=engagement.customer, amount=amount, reason="Residual value", user=coordinator)
    assert not CreditEntry.objects.exists()


def test_a_reason_is_required(engagement, coordinator, english):
    with pytest.raises(CreditError) as refused:
        credit_issue(customer=engagement.customer, amount=Decimal("10"), reason="  ", user=coordinator)
    assert refused.value.message == "Say why: every store-credit entry has a reason."
