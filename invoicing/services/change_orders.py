"""Change orders: extra work outside the quote, each approved by the customer on the status page
like a quote (the name they type, the time, the IP address)."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.phases import Phase
from engagements.services import audit_log
from invoicing.models import ChangeOrder, Invoice
from invoicing.selectors import accepted_quote_of


class ChangeOrderError(DomainError):
    pass


@transaction.atomic
def change_order_propose(
    *, engagement: Engagement, description: str, amount: Decimal, vat_rate: Decimal, user: AbstractBaseUser
) -> ChangeOrder:
    """Put extra work before the customer. Only after the quote is accepted and before the final
    invoice (which takes every approved change order with it)."""
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if accepted_quote_of(engagement=engagement) is None:
        raise ChangeOrderError(_("Change orders come after an accepted quote; change the quote instead."))
    if engagement.phase in (Phase.CLOSED, Phase.CANCELLED, Phase.LOST):
        raise ChangeOrderError(_("The engagement is over; no change orders can be added."))
    if Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.FINAL).exists():
        raise ChangeOrderError(_("The final invoice has been issued; no change orders can be added."))
    number = (ChangeOrder.objects.filter(engagement=engagement).aggregate(n=Max("number"))["n"] or 0) + 1
    order = ChangeOrder(
        engagement=engagement,
        number=number,
        description=(description or "").strip(),
        amount=amount,
        vat_rate=vat_rate,
        proposed_by=user,
    )
    order.full_clean()
    order.save()
    audit_log(
        action="change_order.proposed",
        user=user,
        engagement=engagement,
        details={"number": number, "amount": str(order.amount)},
    )
    return order


def _answerable(order: ChangeOrder) -> ChangeOrder:
    locked = ChangeOrder.objects.select_for_update().select_related("engagement").get(pk=order.pk)
    if locked.status != ChangeOrder.Status.PROPOSED:
        raise ChangeOrderError(
            _("This change order is no longer waiting for an answer (%(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    if Invoice.objects.filter(engagement=locked.engagement, kind=Invoice.Kind.FINAL).exists():
        raise ChangeOrderError(
            _("The final invoice has been issued; this change order can no longer be approved.")
        )
    return locked


def _record(order: ChangeOrder, *, status: str, name: str, ip: str | None, user) -> None:
    order.status = status
    order.answered_at = timezone.now()
    order.answered_by_name = name
    order.answered_from_ip = ip
    order.answered_by = user if user is not None and user.is_authenticated else None
    order.full_clean()
    order.save()


@transaction.atomic
def change_order_approve(
    *, order: ChangeOrder, name: str, ip: str | None, user: AbstractBaseUser | None
) -> ChangeOrder:
    """The customer approves by typing their name; it raises what may be invoiced."""
    name = (name or "").strip()
    if not name:
        raise ChangeOrderError(_("Type your name to approve the change order."))
    locked = _answerable(order)
    _record(locked, status=ChangeOrder.Status.APPROVED, name=name[:200], ip=ip, user=user)
    audit_log(
        action="change_order.approved",
        user=user,
        engagement=locked.engagement,
        details={"number": locked.number, "name": name, "ip": ip},
    )
    return locked


@transaction.atomic
def change_order_decline(
    *, order: ChangeOrder, name: str, reason: str, ip: str | None, user: AbstractBaseUser | None
) -> ChangeOrder:
    name = (name or "").strip()
    if not name:
        raise ChangeOrderError(_("Type your name to answer the change order."))
    locked = _answerable(order)
    locked.decline_reason = (reason or "").strip()[:2000]
    _record(locked, status=ChangeOrder.Status.DECLINED, name=name[:200], ip=ip, user=user)
    audit_log(
        action="change_order.declined",
        user=user,
        engagement=locked.engagement,
        details={"number": locked.number, "name": name, "ip": ip},
    )
    return locked


@transaction.atomic
def change_order_withdraw(*, order: ChangeOrder, user: AbstractBaseUser) -> ChangeOrder:
    locked = ChangeOrder.objects.select_for_update().select_related("engagement").get(pk=order.pk)
    if locked.status != ChangeOrder.Status.PROPOSED:
        raise ChangeOrderError(_("Only a change order waiting for the customer can be withdrawn."))
    locked.status = ChangeOrder.Status.WITHDRAWN
    locked.save(update_fields=["status"])
    audit_log(
        action="change_order.withdrawn",
        user=user,
        engagement=locked.engagement,
        details={"number": locked.number},
    )
    return locked
