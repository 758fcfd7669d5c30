"""Pages of installation: the staff's plan page and its actions, the customer's instructions PDF
and the person's one-time "installed" page (no login: the signed link is the credential)."""

import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements.access import get_engagement_for_staff_hidden_from_others, get_engagement_for_status_page
from engagements.errors import DomainError
from training.installation import selectors
from training.installation.forms import InstallationBookForm, InstallationChangeForm, InstallationStatusForm
from training.installation.instructions import instructions_pdf
from training.installation.models import Installation, OperatingSystem
from training.installation.permissions import may_edit
from training.installation.services import (
    InstallationLinkError,
    installation_book,
    installation_change,
    installation_confirm_by_link,
    installation_instructions_send,
    installation_link_check,
    installation_mark_installed,
    installation_plan_from_user_list,
    installation_quote_sync,
    installation_replan,
    installation_report_problem,
    installation_verify,
    installation_waive,
)


def _editable_engagement(request, pk: int):
    engagement = get_engagement_for_staff_hidden_from_others(request, pk)
    if not may_edit(request.user):
        raise PermissionDenied
    return engagement


def _installation_for_editor(request, item_pk: int) -> Installation:
    installation = get_object_or_404(Installation.objects.select_related("customer_user"), pk=item_pk)
    installation.engagement = _editable_engagement(request, installation.engagement_id)
    return installation


def _plan_url(engagement) -> str:
    return reverse("training_installation:plan", args=[engagement.pk])


@login_required
def plan(request, pk: int):
    engagement = get_engagement_for_staff_hidden_from_others(request, pk)
    editable = may_edit(request.user)
    installations = list(selectors.installations_of(engagement=engagement))
    context = {
        "engagement": engagement,
        "installations": installations,
        "may_edit": editable,
        "counts": selectors.method_counts(engagement=engagement),
        "unplanned": engagement.customer_users.filter(installations__isnull=True).count(),
        "os_choices": OperatingSystem.choices,
    }
    if editable:
        context["book_form"] = InstallationBookForm(engagement=engagement)
        context["change_form"] = InstallationChangeForm()
    return render(request, "training/installation/plan.html", context)


@login_required
@require_POST
def plan_from_user_list(request, pk: int):
    engagement = _editable_engagement(request, pk)
    try:
        planned = installation_plan_from_user_list(engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(count)d installations planned from the user list.") % {"count": len(planned)}
        )
    return redirect(_plan_url(engagement))


@login_required
@require_POST
def book(request, pk: int):
    engagement = _editable_engagement(request, pk)
    form = InstallationBookForm(request.POST, engagement=engagement)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_plan_url(engagement))
    try:
        sprint = installation_book(
            installations=list(form.cleaned_data["installations"]),
            user=request.user,
            consultant=form.cleaned_data["consultant"],
            day=form.cleaned_data["day"],
            slot=form.cleaned_data["slot"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Booked in the planning calendar: %(sprint)s.") % {"sprint": sprint})
    return redirect(_plan_url(engagement))


@login_required
@require_POST
def quote_sync(request, pk: int):
    engagement = _editable_engagement(request, pk)
    try:
        quote = installation_quote_sync(engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The installation lines of quote version %(version)s are updated.")
            % {"version": quote.version},
        )
    return redirect(_plan_url(engagement))


@login_required
@require_POST
def change(request, item_pk: int):
    installation = _installation_for_editor(request, item_pk)
    form = InstallationChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a method and an operating system from the lists."))
        return redirect(_plan_url(installation.engagement))
    try:
        installation_change(installation=installation, user=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_plan_url(installation.engagement))


@login_required
@require_POST
def status(request, item_pk: int):
    installation = _installation_for_editor(request, item_pk)
    form = InstallationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happened from the list."))
        return redirect(_plan_url(installation.engagement))
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "installed":
            installation_mark_installed(installation=installation, user=request.user)
        elif action == "verified":
            installation_verify(installation=installation, user=request.user)
        elif action == "problem":
            installation_report_problem(installation=installation, user=request.user, problem=note)
        elif action == "waived":
            installation_waive(installation=installation, user=request.user, reason=note)
        else:
            installation_replan(installation=installation, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_plan_url(installation.engagement))


@login_required
@require_POST
def send_instructions(request, item_pk: int):
    installation = _installation_for_editor(request, item_pk)
    try:
        installation_instructions_send(installation=installation, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    except (smtplib.SMTPException, OSError):
        messages.error(
            request, _("The mail server did not take the e-mail; nothing was sent. Try again later.")
        )
    else:
        messages.success(
            request,
            _("Instructions sent to %(email)s.") % {"email": installation.customer_user.email},
        )
    return redirect(_plan_url(installation.engagement))


@login_required
def instructions_download(request, reference: str, operating_system: str):
    """The customer's instructions PDF, for their contacts and the staff who may open it."""
    engagement = get_engagement_for_status_page(request, reference)
    if operating_system not in OperatingSystem.values:
        raise Http404
    pdf = instructions_pdf(engagement=engagement, operating_system=operating_system)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"Dropbox-{OperatingSystem(operating_system).label}-{engagement.reference}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def installed(request, token: str):
    """The person's link: a page with one button (a mail scanner fetching the link confirms
    nothing); pressing it records the installation. Used, expired or forged links get a page
    saying so."""
    try:
        if request.method == "POST":
            installation = installation_confirm_by_link(token=token)
            return render(
                request, "training/installation/installed_done.html", {"installation": installation}
            )
        installation = installation_link_check(token=token)
    except InstallationLinkError as error:
        status = 404 if error.kind == "invalid" else 410
        return render(
            request, "training/installation/installed_refused.html", {"error": error}, status=status
        )
    return render(request, "training/installation/installed_confirm.html", {"installation": installation})
