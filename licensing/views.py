"""The licence page of an engagement: the plan, who needs an account, the seats in Dropbox and
the invitations with their progress bar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from engagements.errors import DomainError
from engagements.quotes.models import CustomerUser
from engagements.quotes.selectors import current_quote_of
from licensing.access import (
    get_engagement_to_edit_plan,
    get_engagement_to_invite,
    get_engagement_to_view,
    may_edit_plan,
    may_invite,
)
from licensing.forms import LicencePlanForm, LicensedUsersForm
from licensing.selectors import latest_invitation_run, licence_estimate_of, licence_plan_of, team_seats
from licensing.services import (
    invitation_run_start,
    licence_lines_write,
    licence_plan_save,
    licensed_users_set,
)

POLL_SECONDS = 2
PAGE = "licensing/engagement.html"


def _progress_context(request: HttpRequest, engagement) -> dict:
    return {
        "engagement": engagement,
        "run": latest_invitation_run(engagement=engagement),
        "may_invite": may_invite(request.user, engagement),
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def licence_page(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_to_view(request, pk)
    licence_plan = licence_plan_of(engagement=engagement)
    users = list(CustomerUser.objects.filter(engagement=engagement).select_related("team_member"))
    for user in users:
        # No row yet: the user is on the list and needs an account by default.
        user.licence = getattr(user, "team_member", None)
    quote = current_quote_of(engagement)
    context = {
        **_progress_context(request, engagement),
        "licence_plan": licence_plan,
        "estimate": licence_estimate_of(licence_plan=licence_plan) if licence_plan else None,
        "plan_form": LicencePlanForm(instance=licence_plan),
        "users": users,
        "seats": team_seats(engagement=engagement),
        "may_edit_plan": may_edit_plan(request.user, engagement),
        "draft_quote": quote if quote is not None and quote.is_draft else None,
    }
    return render(request, PAGE, context)


@login_required
@require_POST
def plan_save(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_to_edit_plan(request, pk)
    form = LicencePlanForm(request.POST, instance=licence_plan_of(engagement=engagement))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("licensing:page", pk=engagement.pk)
    try:
        licence_plan_save(
            engagement=engagement,
            plan=form.cleaned_data["plan"],
            buffer_seats=form.cleaned_data["buffer_seats"],
            months=form.cleaned_data["months"],
            user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The licence plan was saved."))
    return redirect("licensing:page", pk=engagement.pk)


@login_required
@require_POST
def users_save(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_to_edit_plan(request, pk)
    user_ids = list(CustomerUser.objects.filter(engagement=engagement).values_list("pk", flat=True))
    form = LicensedUsersForm(request.POST, user_ids=user_ids)
    if not form.is_valid():
        for error in form.errors.get("licensed", []):
            messages.error(request, error)
        return redirect("licensing:page", pk=engagement.pk)
    try:
        licensed_users_set(
            engagement=engagement, licensed_user_ids=set(form.cleaned_data["licensed"]), user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Who needs an account was saved."))
    return redirect("licensing:page", pk=engagement.pk)


@login_required
@require_POST
def quote_lines_write(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_to_edit_plan(request, pk)
    try:
        licence_lines_write(engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The licence line was written into the draft quote."))
    return redirect("licensing:page", pk=engagement.pk)


@login_required
@require_POST
def invitations_start(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_to_invite(request, pk)
    try:
        invitation_run_start(engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitations have started."))
    if request.htmx:
        return render(request, f"{PAGE}#progress", _progress_context(request, engagement))
    return redirect("licensing:page", pk=engagement.pk)


@login_required
def invitation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_to_view(request, pk)
    context = _progress_context(request, engagement)
    if not request.htmx:
        return redirect("licensing:page", pk=engagement.pk)
    run = context["run"]
    if run is None or run.finished:
        # 286 tells htmx to stop polling; the body still replaces the bar once.
        return HttpResponseStopPolling(render_to_string(f"{PAGE}#progress", context, request=request))
    return render(request, f"{PAGE}#progress", context)
