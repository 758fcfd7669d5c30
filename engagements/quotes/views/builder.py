"""The quote builder for sales and coordinators: lines edited inline, texts, duration, send, revise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagements import roles
from engagements.access import get_engagement_for_staff
from engagements.errors import DomainError, PhaseTransitionError
from engagements.quotes.forms import (
    CatalogueLineForm,
    DurationForm,
    QuoteDetailsForm,
    QuoteLineForm,
    RecordedAcceptanceForm,
)
from engagements.quotes.models import OfflineAcceptance, Quote, QuoteLine
from engagements.quotes.pdf import quote_pdf_bytes
from engagements.quotes.selectors import (
    current_quote_of,
    lines_by_section,
    migration_hours_of,
    open_sent_version_of,
    quote_with_lines,
    quotes_of,
    suggested_migration_tier,
    totals_of,
)
from engagements.quotes.services import (
    quote_accept_recorded,
    quote_details_update,
    quote_draft_start,
    quote_duration_adjust,
    quote_line_add,
    quote_line_remove,
    quote_line_update,
    quote_revise,
    quote_send,
)
from engagements.quotes.views.access import get_quote_for_staff, require_quote_editor

TEMPLATE = "quotes/builder.html"


def _page(request, engagement, quote, *, partial: str | None = None, status: int = 200, **extra):
    if quote is not None:
        quote = quote_with_lines(quote.pk)
    suggestion = suggested_migration_tier(engagement) if quote is not None and quote.is_draft else None
    # While the next version is a draft, the sent one stays open to the customer: staff may still
    # record its acceptance.
    open_version = open_sent_version_of(engagement) if quote is not None else None
    context = {
        "engagement": engagement,
        "quote": quote,
        "versions": quotes_of(engagement),
        "may_edit": roles.may_change_phase(request.user),
        "sections": lines_by_section(quote) if quote else [],
        "totals": totals_of(quote) if quote else None,
        "migration_hours": migration_hours_of(quote) if quote else None,
        "catalogue_form": CatalogueLineForm(
            initial={"catalogue_item": suggestion[0]} if suggestion else None
        ),
        "suggestion": suggestion,
        "line_form": QuoteLineForm(),
        "details_form": QuoteDetailsForm(instance=quote) if quote else None,
        "duration_form": DurationForm(
            initial={"hours": quote.duration_override_hours, "reason": quote.duration_override_reason}
        )
        if quote
        else None,
        "editing_line": None,
        "open_version": open_version,
        # A refused recording shows the form again for the version it was made on.
        "acceptance_quote": open_version or quote,
        "acceptance_form": RecordedAcceptanceForm(
            initial={"accepted_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        if open_version is not None
        else None,
        "offline_acceptance": OfflineAcceptance.objects.defer("signed_copy")
        .select_related("recorded_by")
        .filter(quote=quote)
        .first()
        if quote is not None and quote.status == Quote.Status.ACCEPTED
        else None,
        **extra,
    }
    if partial and request.htmx:
        # htmx swaps only 2xx answers; the partial carries the errors or the refusal itself.
        return render(request, f"{TEMPLATE}#{partial}", context)
    return render(request, TEMPLATE, context, status=status)


def _refused(request, quote, error: DomainError | ValidationError, partial: str = "lines"):
    """A rule said no (a sent version, a date in the past ...): the sentence is shown where the user
    acted, nothing changed. A full page answers 409; htmx gets its partial (it swaps only 2xx)."""
    text = error.message if isinstance(error, DomainError) else " ".join(error.messages)
    return _page(request, quote.engagement, quote, partial=partial, refusal=text, status=409)


def _done(request, quote, partial: str = "lines"):
    if request.htmx:
        return _page(request, quote.engagement, quote, partial=partial)
    return redirect("quotes:builder", pk=quote.engagement_id)


@login_required
def builder(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    return _page(request, engagement, current_quote_of(engagement))


@login_required
@require_POST
def quote_start(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    require_quote_editor(request)
    try:
        quote_draft_start(engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("quotes:builder", pk=engagement.pk)


@login_required
@require_POST
def line_add_from_catalogue(request, quote_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    form = CatalogueLineForm(request.POST)
    if not form.is_valid():
        return _page(request, quote.engagement, quote, partial="lines", catalogue_form=form, status=400)
    try:
        quote_line_add(quote=quote, user=request.user, **form.cleaned_data)
    except (DomainError, ValidationError) as error:
        return _refused(request, quote, error)
    return _done(request, quote)


@login_required
@require_POST
def line_add(request, quote_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    form = QuoteLineForm(request.POST)
    if not form.is_valid():
        return _page(request, quote.engagement, quote, partial="lines", line_form=form, status=400)
    data = dict(form.cleaned_data)
    try:
        quote_line_add(
            quote=quote,
            user=request.user,
            quantity=data.pop("quantity"),
            discount_percent=data.pop("discount_percent"),
            **data,
        )
    except (DomainError, ValidationError) as error:
        return _refused(request, quote, error)
    return _done(request, quote)


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, quote_pk: int, line_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    line = get_object_or_404(QuoteLine, pk=line_pk, quote=quote)
    if request.method == "GET":
        return _page(
            request,
            quote.engagement,
            quote,
            partial="lines",
            editing_line=line.pk,
            edit_form=QuoteLineForm(instance=line),
        )
    form = QuoteLineForm(request.POST, instance=QuoteLine.objects.get(pk=line.pk))
    if not form.is_valid():
        return _page(
            request,
            quote.engagement,
            quote,
            partial="lines",
            editing_line=line.pk,
            edit_form=form,
            status=400,
        )
    try:
        quote_line_update(line=line, user=request.user, **form.cleaned_data)
    except (DomainError, ValidationError) as error:
        return _refused(request, quote, error)
    return _done(request, quote)


@login_required
@require_POST
def line_delete(request, quote_pk: int, line_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    line = get_object_or_404(QuoteLine, pk=line_pk, quote=quote)
    try:
        quote_line_remove(line=line, user=request.user)
    except DomainError as error:
        return _refused(request, quote, error)
    return _done(request, quote)


@login_required
@require_POST
def details_edit(request, quote_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    form = QuoteDetailsForm(request.POST, instance=quote_with_lines(quote.pk))
    if not form.is_valid():
        return _page(request, quote.engagement, quote, partial="details", details_form=form, status=400)
    try:
        quote_details_update(quote=quote, user=request.user, **form.cleaned_data)
    except (DomainError, ValidationError) as error:
        return _refused(request, quote, error, "details")
    return _done(request, quote, "details")


@login_required
@require_POST
def duration_edit(request, quote_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    form = DurationForm(request.POST)
    if not form.is_valid():
        return _page(request, quote.engagement, quote, partial="duration", duration_form=form, status=400)
    try:
        quote_duration_adjust(
            quote=quote,
            user=request.user,
            hours=form.cleaned_data["hours"],
            reason=form.cleaned_data["reason"],
        )
    except (DomainError, ValidationError) as error:
        return _refused(request, quote, error)
    return _done(request, quote, "duration")


@login_required
@require_GET
def send_confirm(request, quote_pk: int):
    """Sending is asked once more, on a page of its own: who gets the quote, for how much, and that
    the version is frozen from then on. Works without JavaScript (no confirm() under the CSP)."""
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    if not quote.is_draft:
        messages.error(request, _("Version %(version)s has already been sent.") % {"version": quote.version})
        return redirect("quotes:builder", pk=quote.engagement_id)
    quote = quote_with_lines(quote.pk)
    contacts = quote.engagement.customer.contacts.all()
    return render(
        request,
        "quotes/send_confirm.html",
        {
            "engagement": quote.engagement,
            "quote": quote,
            "totals": totals_of(quote),
            "recipients": [c for c in contacts if c.user_id and c.email],
        },
    )


@login_required
@require_POST
def send(request, quote_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    try:
        quote_send(quote=quote, user=request.user)
    except (DomainError, PhaseTransitionError) as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Version %(version)s was sent to the customer.") % {"version": quote.version}
        )
    return redirect("quotes:builder", pk=quote.engagement_id)


@login_required
@require_POST
def revise(request, quote_pk: int):
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    try:
        quote_revise(quote=quote, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("quotes:builder", pk=quote.engagement_id)


@login_required
def pdf(request, quote_pk: int):
    """Staff download: the frozen PDF of a sent version, a preview render of a draft."""
    quote = get_quote_for_staff(request, quote_pk)
    return pdf_response(quote, inline=True)


def pdf_response(quote, *, inline: bool) -> HttpResponse:
    response = HttpResponse(quote_pdf_bytes(quote=quote), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{quote.pdf_filename}"'
    return response


@login_required
@require_POST
def acceptance_record(request, quote_pk: int):
    """Sales or a coordinator record an acceptance that came on paper or by e-mail."""
    quote = get_quote_for_staff(request, quote_pk, edit=True)
    form = RecordedAcceptanceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, quote.engagement, quote, acceptance_form=form, status=400)
    try:
        quote_accept_recorded(quote=quote, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        # Checks that need the stored quote (a time before it was sent) land beside their field.
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, field_errors in errors.items():
            form.add_error(field if field in form.fields else None, field_errors)
        return _page(request, quote.engagement, quote, acceptance_form=form, status=400)
    except (DomainError, PhaseTransitionError) as error:
        return _page(
            request,
            quote.engagement,
            quote,
            acceptance_form=form,
            acceptance_refusal=error.message,
            status=409,
        )
    messages.success(
        request,
        _("Version %(version)s is recorded as accepted by %(name)s.")
        % {"version": quote.version, "name": form.cleaned_data["name"]},
    )
    return redirect("quotes:builder", pk=quote.engagement_id)


@login_required
def signed_copy(request, quote_pk: int):
    """The signed copy kept with an acceptance recorded by staff; staff on the engagement only."""
    quote = get_quote_for_staff(request, quote_pk)
    evidence = get_object_or_404(OfflineAcceptance, quote=quote, signed_copy__isnull=False)
    response = HttpResponse(bytes(evidence.signed_copy), content_type=evidence.signed_copy_type)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(evidence.signed_copy_name)}"'
    return response


def _safe_filename(name: str) -> str:
    # The uploader's file name goes into a header: keep it to characters that cannot break it.
    kept = "".join(c if c.isalnum() or c in "-_. " else "_" for c in name).strip() or "signed-copy"
    return kept[:150]
