"""The store-credit ledger: issue, use, expire, correct. Entries are only ever added."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Customer, Engagement
from engagements.services import audit_log
from invoicing.models import CreditEntry
from invoicing.selectors import credit_balance

CENT = Decimal("0.01")


class CreditError(DomainError):
    pass


def _positive(amount) -> Decimal:
    try:
        amount = Decimal(amount).quantize(CENT)
    except (ArithmeticError, TypeError, ValueError):
        raise CreditError(_("Give the amount in kronor, like 1500 or 1500.50.")) from None
    if not amount.is_finite() or amount <= 0:
        raise CreditError(_("The amount must be more than zero."))
    return amount


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CreditError(_("Say why: every store-credit entry has a reason."))
    return reason[:300]


def _add(
    *, customer, kind, amount, reason, user, engagement=None, invoice=None, corrects=None
) -> CreditEntry:
    entry = CreditEntry(
        customer=customer,
        engagement=engagement,
        kind=kind,
        amount=amount,
        reason=reason,
        invoice=invoice,
        corrects=corrects,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    entry.full_clean()
    entry.save()
    audit_log(
        action=f"credit.{kind}",
        user=user,
        engagement=engagement,
        details={"customer": customer.pk, "amount": str(amount), "reason": reason, "entry": entry.pk},
    )
    return entry


def _lock_customer(customer) -> Customer:
    # Every change to one customer's ledger runs under this lock, so two uses cannot both spend
    # the same balance.
    return Customer.objects.select_for_update().get(pk=customer.pk)


@transaction.atomic
def credit_issue(
    *,
    customer,
    amount: Decimal,
    reason: str,
    user: AbstractBaseUser | None,
    engagement: Engagement | None = None,
) -> CreditEntry:
    """Store credit at Macforum for the customer (the decommissioned equipment's residual value)."""
    amount, reason = _positive(amount), _reason(reason)
    _lock_customer(customer)
    return _add(
        customer=customer,
        kind=CreditEntry.Kind.ISSUED,
        amount=amount,
        reason=reason,
        user=user,
        engagement=engagement,
    )


def _spend(*, customer, kind, amount, reason, user, engagement=None, invoice=None) -> CreditEntry:
    amount, reason = _positive(amount), _reason(reason)
    _lock_customer(customer)
    balance = credit_balance(customer=customer)
    if amount > balance:
        raise CreditError(
            _("The customer has %(balance)s kr in store credit; %(amount)s kr is more than that.")
            % {"balance": balance, "amount": amount}
        )
    return _add(
        customer=customer,
        kind=kind,
        amount=-amount,
        reason=reason,
        user=user,
        engagement=engagement,
        invoice=invoice,
    )


@transaction.atomic
def credit_use(
    *, customer, amount: Decimal, reason: str, user: AbstractBaseUser | None, engagement=None, invoice=None
) -> CreditEntry:
    """Spend store credit against a purchase (the reason says which) or an invoice."""
    return _spend(
        customer=customer,
        kind=CreditEntry.Kind.USED,
        amount=amount,
        reason=reason,
        user=user,
        engagement=engagement,
        invoice=invoice,
    )


@transaction.atomic
def credit_expire(*, customer, amount: Decimal, reason: str, user: AbstractBaseUser | None) -> CreditEntry:
    return _spend(customer=customer, kind=CreditEntry.Kind.EXPIRED, amount=amount, reason=reason, user=user)


@transaction.atomic
def credit_correct(
    *, entry: CreditEntry, amount: Decimal, reason: str, user: AbstractBaseUser | None
) -> CreditEntry:
    """A correction of `entry`: a new entry of `amount` (positive adds credit, negative takes it
    back). The entry corrected stays as it was."""
    try:
        amount = Decimal(amount).quantize(CENT)
    except (ArithmeticError, TypeError, ValueError):
        raise CreditError(_("Give the amount in kronor, like 1500 or -1500.")) from None
    if not amount.is_finite() or amount == 0:
        raise CreditError(_("A correction changes the balance: give an amount other than zero."))
    reason = _reason(reason)
    customer = _lock_customer(entry.customer)
    if amount < 0 and -amount > credit_balance(customer=customer):
        raise CreditError(_("The correction would take the balance below zero."))
    return _add(
        customer=customer,
        kind=CreditEntry.Kind.CORRECTION,
        amount=amount,
        reason=reason,
        user=user,
        engagement=entry.engagement,
        corrects=entry,
    )
