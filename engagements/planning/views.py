"""Staff pages of planning: the engagement's plan, sprints, staffing, follow-ups and updates.

Weekly reports are in report_views.py, the consultant's calendar in calendar_views.py.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements.access import get_engagement_for_staff, require_internal
from engagements.errors import DomainError
from engagements.planning import permissions, selectors
from engagements.planning.errors import SprintRefused
from engagements.planning.forms import (
    FollowUpForm,
    ReportDraftForm,
    SprintForm,
    SprintStatusForm,
    StaffForm,
    StatusUpdateForm,
    TemplateLayoutForm,
)
from engagements.planning.models import FollowUp, Sprint
from engagements.planning.services import (
    follow_up_create,
    follow_up_set_done,
    sprint_create,
    sprint_set_status,
    sprint_update,
    sprints_lay_out_template,
    status_update_post,
)
from engagements.services import engagement_assign_staff


def _plan_url(engagement) -> str:
    return reverse("planning:engagement", args=[engagement.pk])


def _sprint_for_staff(request, sprint_pk: int) -> Sprint:
    """The sprint if its engagement is the user's; 403 for customers, 404 otherwise."""
    require_internal(request)
    sprint = get_object_or_404(Sprint.objects.select_related("consultant"), pk=sprint_pk)
    sprint.engagement = get_engagement_for_staff(request, sprint.engagement_id)
    return sprint


def _require_planner(request) -> None:
    if not permissions.may_plan(request.user):
        raise PermissionDenied


def _render_plan(request, engagement, *, status=200, **forms):
    today = timezone.localdate()
    may_plan = permissions.may_plan(request.user)
    may_talk = permissions.may_talk_to_customer(request.user, engagement)
    consultants = list(engagement.consultants.order_by("first_name", "username"))
    context = {
        "engagement": engagement,
        "consultants": consultants,
        "sprints": list(selectors.sprints_of_engagement(engagement)),
        "follow_ups": list(selectors.follow_ups_of(engagement)),
        "reports": list(selectors.reports_of(engagement)),
        "updates": list(selectors.updates_of(engagement)),
        "today": today,
        "may_plan": may_plan,
        "may_talk": may_talk,
    }
    if may_plan:
        context["sprint_form"] = forms.get("sprint_form") or SprintForm(
            engagement=engagement, initial={"day": engagement.planned_start or today}
        )
        context["template_form"] = forms.get("template_form") or TemplateLayoutForm(
            engagement=engagement, initial={"start": engagement.planned_start or today}
        )
        context["staff_form"] = forms.get("staff_form") or StaffForm(
            initial={"consultants": consultants, "coordinator": engagement.coordinator}
        )
        context["report_draft_form"] = ReportDraftForm()
    if may_talk:
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm(initial={"due_date": today})
        context["update_form"] = forms.get("update_form") or StatusUpdateForm()
    template = "planning/engagement.html"
    if request.htmx and request.htmx.target == "sprints":
        template += "#sprints"
    return render(request, template, context, status=status)


@login_required
def engagement_planning(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    return _render_plan(request, engagement)


SPRINT_FORM_FIELDS = ("consultant", "day", "slot", "goal", "tasks", "internal_note", "override_reason")


def _save_sprint_from_form(form, save) -> bool:
    """Call `save` (booking or changing a sprint) with the form's fields; when a planning rule
    refuses, put its sentences on the form and ask for an override reason. True when saved."""
    try:
        save(**{field: form.cleaned_data[field] for field in SPRINT_FORM_FIELDS})
    except SprintRefused as refusal:
        for problem in refusal.problems:
            form.add_error(None, problem)
        form.add_error("override_reason", _("To book it anyway, say why here."))
        return False
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


@login_required
@require_POST
def sprint_add(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    _require_planner(request)
    form = SprintForm(request.POST, engagement=engagement)
    if form.is_valid() and _save_sprint_from_form(
        form, partial(sprint_create, engagement=engagement, user=request.user)
    ):
        messages.success(request, _("The sprint is booked."))
        return redirect(_plan_url(engagement))
    return _render_plan(request, engagement, status=422, sprint_form=form)


@login_required
def sprint_edit(request, sprint_pk: int):
    sprint = _sprint_for_staff(request, sprint_pk)
    engagement = sprint.engagement
    _require_planner(request)
    if request.method == "POST":
        form = SprintForm(request.POST, engagement=engagement)
        if form.is_valid() and _save_sprint_from_form(
            form, partial(sprint_update, sprint=sprint, user=request.user)
        ):
            messages.success(request, _("The sprint is changed."))
            return redirect(_plan_url(engagement))
        status = 422
    else:
        form = SprintForm(
            engagement=engagement,
            initial={
                "day": sprint.date,
                "slot": sprint.slot,
                "consultant": sprint.consultant,
                "goal": sprint.goal_text,
                "tasks": sprint.tasks_text,
                "internal_note": sprint.internal_note,
                "override_reason": sprint.override_reason,
            },
        )
        status = 200
    return render(
        request,
        "planning/sprint_edit.html",
        {"engagement": engagement, "sprint": sprint, "form": form},
        status=status,
    )


@login_required
@require_POST
def sprint_change_status(request, sprint_pk: int):
    sprint = _sprint_for_staff(request, sprint_pk)
    if not permissions.may_mark_done(request.user, sprint):
        raise PermissionDenied
    form = SprintStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a sprint status."))
    elif form.cleaned_data["status"] != "done" and not permissions.may_plan(request.user):
        # Consultants mark their sprints done; moving a sprint is the coordinator's call.
        raise PermissionDenied
    else:
        sprint_set_status(sprint=sprint, user=request.user, status=form.cleaned_data["status"])
        if request.htmx and request.htmx.target == "sprints":
            # The table swaps in place; the new status is the confirmation.
            return _render_plan(request, sprint.engagement)
        messages.success(
            request,
            _("Sprint “%(goal)s”: %(status)s.")
            % {"goal": sprint.goal_text, "status": sprint.get_status_display()},
        )
    if request.POST.get("next") == "calendar":
        return redirect("planning:calendar")
    return redirect(_plan_url(sprint.engagement))


@login_required
@require_POST
def template_lay_out(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    _require_planner(request)
    form = TemplateLayoutForm(request.POST, engagement=engagement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sprints = sprints_lay_out_template(
                engagement=engagement,
                user=request.user,
                template_key=data["template"],
                start=data["start"],
                consultant=data["consultant"],
                override_reason=data["override_reason"],
            )
        except SprintRefused as refusal:
            for problem in refusal.problems:
                form.add_error(None, problem)
            form.add_error("override_reason", _("To lay it out anyway, say why here."))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("%(count)s sprints laid out; adjust them below.") % {"count": len(sprints)}
            )
            return redirect(_plan_url(engagement))
    return _render_plan(request, engagement, status=422, template_form=form)


@login_required
@require_POST
def staff_assign(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    _require_planner(request)
    form = StaffForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, engagement, status=422, staff_form=form)
    engagement_assign_staff(
        engagement=engagement,
        user=request.user,
        consultants=list(form.cleaned_data["consultants"]),
        coordinator=form.cleaned_data["coordinator"],
    )
    messages.success(request, _("The team is saved."))
    return redirect(_plan_url(engagement))


@login_required
@require_POST
def follow_up_add(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    if not permissions.may_talk_to_customer(request.user, engagement):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, engagement, status=422, follow_up_form=form)
    follow_up_create(engagement=engagement, user=request.user, **form.cleaned_data)
    messages.success(request, _("The follow-up is noted."))
    return redirect(_plan_url(engagement) + "#follow-ups")


@login_required
@require_POST
def follow_up_toggle(request, follow_up_pk: int):
    require_internal(request)
    follow_up = get_object_or_404(FollowUp, pk=follow_up_pk)
    engagement = get_engagement_for_staff(request, follow_up.engagement_id)
    if not permissions.may_talk_to_customer(request.user, engagement):
        raise PermissionDenied
    follow_up.engagement = engagement
    follow_up_set_done(follow_up=follow_up, user=request.user, done=not follow_up.is_done)
    return redirect(_plan_url(engagement) + "#follow-ups")


@login_required
@require_POST
def status_update_add(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    if not permissions.may_talk_to_customer(request.user, engagement):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST)
    if form.is_valid():
        try:
            status_update_post(
                engagement=engagement,
                user=request.user,
                body=form.cleaned_data["body"],
                send_email=form.cleaned_data["send_email"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The update is on the customer's status page."))
            return redirect(_plan_url(engagement) + "#updates")
    return _render_plan(request, engagement, status=422, update_form=form)
