"""The folder plan page (staff) and the customer's approval. Thin: access, a form, a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import get_engagement_for_staff, get_engagement_for_status_page
from engagements.errors import DomainError
from engagements.models import Engagement
from licensing.folders import services
from licensing.folders.forms import (
    AccessForm,
    ApproveForm,
    FolderAddForm,
    FolderUpdateForm,
    MergeForm,
    ReleaseForm,
)
from licensing.folders.models import FolderJob, FolderPlan
from licensing.folders.selectors import folder_matrix, latest_job


def may_edit(user, engagement: Engagement) -> bool:
    """Consultants on the engagement build and apply the plan; sales and coordinators see it."""
    return user.is_superuser or engagement.consultants.filter(pk=user.pk).exists()


def may_release(user) -> bool:
    return user.is_superuser or roles.has_role(user, roles.COORDINATOR)


def _plan_for_editor(request: HttpRequest, pk: int) -> tuple[Engagement, FolderPlan]:
    engagement = get_engagement_for_staff(request, pk)
    if not may_edit(request.user, engagement):
        raise Http404
    return engagement, services.folder_plan_get_or_create(engagement=engagement)


def _back(pk: int):
    return redirect("licensing_folders:page", pk)


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_engagement_for_staff(request, pk)
    plan = services.folder_plan_get_or_create(engagement=engagement)
    context = {
        "engagement": engagement,
        "plan": plan,
        "may_edit": may_edit(request.user, engagement),
        "may_release": may_release(request.user),
        "job": latest_job(plan=plan),
        "preview": latest_job(plan=plan, kind=FolderJob.Kind.PLAN),
        "verification": latest_job(plan=plan, kind=FolderJob.Kind.VERIFY),
        "drift": latest_job(plan=plan, kind=FolderJob.Kind.DRIFT),
        "levels": dict(AccessForm.base_fields["level"].choices),
        **folder_matrix(plan=plan),
    }
    if request.htmx and request.GET.get("part") == "job":
        return render(request, "licensing/folders/page.html#job", context)
    return render(request, "licensing/folders/page.html", context)


def _run(request, pk: int, action) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    return _back(pk)


@login_required
@require_POST
def copy_structure(request, pk: int):
    engagement, _plan = _plan_for_editor(request, pk)
    return _run(
        request, pk, lambda: services.folder_plan_copy_structure(engagement=engagement, user=request.user)
    )


@login_required
@require_POST
def folder_add(request, pk: int):
    _engagement, plan = _plan_for_editor(request, pk)
    form = FolderAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the folder a name."))
        return _back(pk)
    return _run(
        request,
        pk,
        lambda: services.planned_folder_add(plan=plan, name=form.cleaned_data["name"], user=request.user),
    )


@login_required
@require_POST
def folder_update(request, pk: int, folder_pk: int):
    _engagement, plan = _plan_for_editor(request, pk)
    form = FolderUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the folder a name."))
        return _back(pk)

    def update():
        owner_id = form.cleaned_data["owner"]
        owner = services.plan_person(plan, owner_id) if owner_id else None
        services.planned_folder_update(
            plan=plan,
            folder_id=folder_pk,
            name=form.cleaned_data["name"],
            included=form.cleaned_data["included"],
            owner=owner,
            user=request.user,
        )

    return _run(request, pk, update)


@login_required
@require_POST
def merge(request, pk: int):
    _engagement, plan = _plan_for_editor(request, pk)
    ids = request.POST.getlist("folders")
    form = MergeForm({"folders": ",".join(ids), "name": request.POST.get("name", "")})
    if not form.is_valid() or not all(i.isdigit() for i in ids):
        messages.error(request, _("Choose at least two folders to merge and name the result."))
        return _back(pk)
    return _run(
        request,
        pk,
        lambda: services.planned_folders_merge(
            plan=plan, folder_ids=[int(i) for i in ids], name=form.cleaned_data["name"], user=request.user
        ),
    )


@login_required
@require_POST
def groups_from_users(request, pk: int):
    _engagement, plan = _plan_for_editor(request, pk)
    return _run(request, pk, lambda: services.plan_groups_from_user_list(plan=plan, user=request.user))


@login_required
@require_POST
def access_set(request, pk: int):
    _engagement, plan = _plan_for_editor(request, pk)
    form = AccessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a folder, a group or person, and editor, viewer or no access."))
        return _back(pk)
    grantee = form.cleaned_data["grantee"]

    def set_access():
        group = person = None
        if grantee.startswith("g"):
            group = plan.groups.filter(pk=int(grantee[1:])).first()
            if group is None:
                raise services.FolderPlanError(_("That group is not in the plan."))
        else:
            person = services.plan_person(plan, grantee[1:])
        services.folder_access_set(
            plan=plan,
            folder=form.cleaned_data["folder"],
            level=form.cleaned_data["level"],
            group=group,
            customer_user=person,
            user=request.user,
        )

    return _run(request, pk, set_access)


@login_required
@require_POST
def job_start(request, pk: int, kind: str):
    _engagement, plan = _plan_for_editor(request, pk)
    if kind not in FolderJob.Kind.values:
        raise Http404
    return _run(request, pk, lambda: services.folder_job_start(plan=plan, kind=kind, user=request.user))


@login_required
@require_POST
def release(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    if not may_release(request.user):
        raise Http404
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the person and say why they get their access before training."))
        return _back(pk)

    def release_early():
        plan = services.folder_plan_get_or_create(engagement=engagement)
        person = services.plan_person(plan, form.cleaned_data["customer_user"])
        services.folder_access_release_early(
            customer_user=person, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("%(name)s's folder access is released.") % {"name": person.name})

    return _run(request, pk, release_early)


@login_required
@require_POST
def approve(request, reference: str):
    """The customer contact approves their own plan; staff see the status page but do not approve."""
    engagement = get_engagement_for_status_page(request, reference)
    if roles.is_internal(request.user):
        raise Http404
    form = ApproveForm(request.POST)
    target = redirect("engagements:status", engagement.reference)
    if not form.is_valid():
        messages.error(request, _("Type your name to approve the folder plan."))
        return target
    plan = FolderPlan.objects.filter(engagement=engagement).first()
    if plan is None:
        raise Http404
    try:
        services.folder_plan_approve(plan=plan, name=form.cleaned_data["name"], user=request.user)
        messages.success(request, _("Thank you: the folder plan is approved."))
    except DomainError as error:
        messages.error(request, error.message)
    return target
