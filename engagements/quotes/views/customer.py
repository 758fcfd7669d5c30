"""The customer's side: the sent quote on the status page, its PDF, accept or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import get_engagement_for_status_page
from engagements.quotes.forms import QuoteAcceptForm, QuoteDeclineForm
from engagements.quotes.models import Quote
from engagements.quotes.services import QuoteAnswerError, quote_accept, quote_decline
from engagements.quotes.views.access import client_ip
from engagements.quotes.views.builder import pdf_response


def _sent_version(engagement, version: int) -> Quote:
    """A version the customer may see: any that has been sent, never a draft."""
    quote = (
        Quote.objects.defer("frozen_pdf")
        .filter(engagement=engagement, version=version)
        .exclude(status=Quote.Status.DRAFT)
        .first()
    )
    if quote is None:
        raise Http404
    quote.engagement = engagement
    return quote


def _require_customer_contact(request) -> None:
    """Only the customer answers. Staff see the status page to know what the customer sees, but a
    seller previewing it must not accept on the customer's behalf by mistake."""
    if roles.is_internal(request.user):
        raise PermissionDenied


def _back(engagement):
    return redirect("engagements:status", reference=engagement.reference)


@login_required
def customer_pdf(request, reference: str, version: int):
    engagement = get_engagement_for_status_page(request, reference)
    return pdf_response(_sent_version(engagement, version), inline=False)


def _answer_page(request, engagement, quote, *, accept_form=None, decline_form=None, status=400):
    """Form errors: the status page's quote panel again, with the errors beside the fields."""
    return render(
        request,
        "quotes/answer.html",
        {
            "engagement": engagement,
            "quote": quote,
            "accept_form": accept_form or QuoteAcceptForm(),
            "decline_form": decline_form or QuoteDeclineForm(),
        },
        status=status,
    )


@login_required
@require_POST
def customer_accept(request, reference: str, version: int):
    engagement = get_engagement_for_status_page(request, reference)
    _require_customer_contact(request)
    quote = _sent_version(engagement, version)
    form = QuoteAcceptForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, engagement, quote, accept_form=form)
    try:
        quote_accept(quote=quote, name=form.cleaned_data["name"], ip=client_ip(request), user=request.user)
    except QuoteAnswerError as error:
        messages.error(request, error.message)
        return _answer_page(request, engagement, quote, accept_form=form, status=409)
    messages.success(request, _("Thank you! The quote is accepted; we will be in touch about the planning."))
    return _back(engagement)


@login_required
@require_POST
def customer_decline(request, reference: str, version: int):
    engagement = get_engagement_for_status_page(request, reference)
    _require_customer_contact(request)
    quote = _sent_version(engagement, version)
    form = QuoteDeclineForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, engagement, quote, decline_form=form)
    try:
        quote_decline(
            quote=quote,
            name=form.cleaned_data["name"],
            reason=form.cleaned_data["reason"],
            ip=client_ip(request),
            user=request.user,
        )
    except QuoteAnswerError as error:
        messages.error(request, error.message)
        return _answer_page(request, engagement, quote, decline_form=form, status=409)
    messages.success(request, _("Thank you for your answer; your seller has been told."))
    return _back(engagement)
