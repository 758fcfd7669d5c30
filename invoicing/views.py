"""Invoicing's pages: the staff page per engagement, the customer's documents and answers, the SIE
export. Every view goes through engagements.access; another customer's contact gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import get_engagement_for_staff, get_engagement_for_status_page
from engagements.errors import DomainError
from engagements.quotes.views.access import client_ip
from invoicing.forms import (
    ChangeOrderApproveForm,
    ChangeOrderDeclineForm,
    ChangeOrderForm,
    CreditToApplyForm,
    ReconciliationForm,
)
from invoicing.models import ChangeOrder, Invoice, Reconciliation
from invoicing.selectors import (
    change_orders_of,
    credit_balance,
    credit_entries_of,
    invoices_of,
    reconciliation_figures,
    reconciliation_of,
)
from invoicing.services import (
    change_order_approve,
    change_order_decline,
    change_order_propose,
    change_order_withdraw,
    final_invoice_refusal,
    invoice_issue_advance,
    invoice_issue_final,
    reconciliation_mark_done,
    reconciliation_update,
)
from invoicing.sie import invoices_for_export, sie_export


def may_invoice(user) -> bool:
    """Sales and coordinators issue invoices, propose change orders and hold the reconciliation."""
    return roles.may_change_phase(user)


def _engagement_for_staff(request, pk: int):
    """Staff who may see the engagement; anyone else 404 (a customer's contact is not told that
    a staff page exists for an engagement, theirs or another customer's)."""
    if not roles.is_internal(request.user):
        raise Http404
    return get_engagement_for_staff(request, pk)


def _engagement_to_act_on(request, pk: int):
    engagement = _engagement_for_staff(request, pk)
    if not may_invoice(request.user):
        raise PermissionDenied
    return engagement


def _back(engagement):
    return redirect("invoicing:page", pk=engagement.pk)


@login_required
def page(request, pk: int, *, change_order_form=None, reconciliation_form=None, status: int = 200):
    engagement = _engagement_for_staff(request, pk)
    reconciliation = reconciliation_of(engagement=engagement)
    return render(
        request,
        "invoicing/page.html",
        {
            "engagement": engagement,
            "may_invoice": may_invoice(request.user),
            "invoices": invoices_of(engagement=engagement),
            "change_orders": change_orders_of(engagement=engagement),
            "figures": reconciliation_figures(engagement=engagement),
            "reconciliation": reconciliation,
            "balance": credit_balance(customer=engagement.customer),
            "ledger": credit_entries_of(customer=engagement.customer),
            "has_advance": Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.ADVANCE).exists(),
            "final_refusal": final_invoice_refusal(engagement),
            "credit_form": CreditToApplyForm(),
            "change_order_form": change_order_form or ChangeOrderForm(),
            "reconciliation_form": reconciliation_form or ReconciliationForm(instance=reconciliation),
        },
        status=status,
    )


def _run(request, engagement, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(engagement)


@login_required
@require_POST
def issue(request, pk: int, kind: str):
    engagement = _engagement_to_act_on(request, pk)
    form = CreditToApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the store credit as an amount in kronor, zero or more."))
        return _back(engagement)
    credit = form.cleaned_data["credit"] or 0
    service = {"advance": invoice_issue_advance, "final": invoice_issue_final}.get(kind)
    if service is None:
        raise Http404
    return _run(
        request,
        engagement,
        lambda: service(engagement=engagement, user=request.user, credit=credit),
        _("The invoice is issued and e-mailed to the customer."),
    )


@login_required
@require_POST
def change_order_new(request, pk: int):
    engagement = _engagement_to_act_on(request, pk)
    form = ChangeOrderForm(request.POST)
    if not form.is_valid():
        return page(request, pk, change_order_form=form, status=400)
    return _run(
        request,
        engagement,
        lambda: change_order_propose(engagement=engagement, user=request.user, **form.cleaned_data),
        _("The change order waits for the customer's approval on their status page."),
    )


@login_required
@require_POST
def change_order_withdrawal(request, pk: int, number: int):
    engagement = _engagement_to_act_on(request, pk)
    order = get_object_or_404(ChangeOrder, engagement=engagement, number=number)
    return _run(
        request, engagement, lambda: change_order_withdraw(order=order, user=request.user), _("Withdrawn.")
    )


@login_required
@require_POST
def reconciliation_edit(request, pk: int):
    engagement = _engagement_to_act_on(request, pk)
    form = ReconciliationForm(request.POST)
    if not form.is_valid():
        return page(request, pk, reconciliation_form=form, status=400)
    return _run(
        request,
        engagement,
        lambda: reconciliation_update(engagement=engagement, user=request.user, **form.cleaned_data),
        _("The meeting is written down."),
    )


@login_required
@require_POST
def reconciliation_done_view(request, pk: int):
    engagement = _engagement_to_act_on(request, pk)
    return _run(
        request,
        engagement,
        lambda: reconciliation_mark_done(engagement=engagement, user=request.user),
        _("The reconciliation is done and sent to the customer."),
    )


def _pdf(data, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def invoice_pdf(request, reference: str, number: int):
    """Staff who may see the engagement and the customer's own contacts; others 404."""
    engagement = get_engagement_for_status_page(request, reference)
    invoice = get_object_or_404(Invoice, engagement=engagement, number=number)
    return _pdf(invoice.frozen_pdf, invoice.pdf_filename)


@login_required
def reconciliation_pdf(request, reference: str):
    engagement = get_engagement_for_status_page(request, reference)
    reconciliation = get_object_or_404(Reconciliation, engagement=engagement, done_at__isnull=False)
    return _pdf(reconciliation.frozen_pdf, f"Avstamning-{engagement.reference}.pdf")


def _customer_order(request, reference: str, number: int) -> tuple:
    engagement = get_engagement_for_status_page(request, reference)
    order = get_object_or_404(ChangeOrder, engagement=engagement, number=number)
    # Only the customer answers; staff previewing the status page must not approve by mistake.
    if roles.is_internal(request.user):
        raise PermissionDenied
    return engagement, order


def _to_status(engagement):
    return redirect("engagements:status", reference=engagement.reference)


@login_required
@require_POST
def change_order_approval(request, reference: str, number: int):
    engagement, order = _customer_order(request, reference, number)
    form = ChangeOrderApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type your name to approve the change order."))
        return _to_status(engagement)
    try:
        change_order_approve(
            order=order, name=form.cleaned_data["name"], ip=client_ip(request), user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you! The change order is approved."))
    return _to_status(engagement)


@login_required
@require_POST
def change_order_refusal(request, reference: str, number: int):
    engagement, order = _customer_order(request, reference, number)
    form = ChangeOrderDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type your name to answer the change order."))
        return _to_status(engagement)
    try:
        change_order_decline(order=order, ip=client_ip(request), user=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your answer; we have been told."))
    return _to_status(engagement)


@login_required
def sie(request):
    """The SIE 4 file of a year's invoices: coordinators (who see every engagement) and superusers."""
    if not roles.is_internal(request.user):
        raise Http404
    if not roles.sees_all_engagements(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    response = HttpResponse(
        sie_export(invoices=invoices_for_export(year=year)), content_type="text/plain; charset=IBM437"
    )
    response["Content-Disposition"] = f'attachment; filename="fakturor-{year}.se"'
    return response
