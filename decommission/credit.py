"""The store-credit ledger is invoicing's (issue 14): decommissioning issues credit and shows the
balance through invoicing's two public functions, and nothing else of it."""

from decimal import Decimal


def credit_issue(*, customer, amount: Decimal, reason: str, user, engagement=None):
    from invoicing.services import credit_issue

    return credit_issue(customer=customer, amount=amount, reason=reason, user=user, engagement=engagement)


def credit_balance(*, customer) -> Decimal:
    from invoicing.selectors import credit_balance

    return credit_balance(customer=customer)
