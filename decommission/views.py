"""The decommissioning page of an engagement and its actions, and the certificate PDF.

One page (GET) shows the equipment; each form on it posts to a small view that validates the form,
calls one service and goes back to the page with a message. A broken rule (DomainError) or an
invalid form comes back as an error message on the page, never a 500.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decommission import services
from decommission.access import (
    get_asset,
    get_engagement_for_certificate,
    get_engagement_to_edit,
    get_engagement_to_view,
    get_medium,
    may_edit,
)
from decommission.certificate import certificate_download
from decommission.forms import (
    AppraisalForm,
    AssetForm,
    CustodyForm,
    EndForm,
    MediumForm,
    PlanForm,
    SanitiseForm,
    WaiverForm,
)
from decommission.selectors import (
    appraised_total,
    assets_of,
    cut_over_at,
    decommission_of,
    decommissioning_open_items,
    sanitising_allowed_from,
    sanitising_refusal,
)
from engagements.errors import DomainError


@login_required
def decommission_page(request, pk: int):
    engagement = get_engagement_to_view(request, pk)
    editable = may_edit(request.user, engagement)
    record = decommission_of(engagement)
    context = {
        "engagement": engagement,
        "assets": assets_of(engagement),
        "record": record,
        "may_edit": editable,
        "may_sign": request.user.is_superuser or engagement.consultants.filter(pk=request.user.pk).exists(),
        "refusal": sanitising_refusal(engagement),
        "cut_over_at": cut_over_at(engagement),
        "allowed_from": sanitising_allowed_from(engagement),
        "open_items": decommissioning_open_items(engagement),
        "total": appraised_total(engagement),
        "asset_form": AssetForm(),
        "medium_form": MediumForm(),
        "plan_form": PlanForm(),
        "sanitise_form": SanitiseForm(initial={"technician": request.user.pk}),
        "end_form": EndForm(),
        "custody_form": CustodyForm(),
        "appraisal_form": AppraisalForm(),
        "waiver_form": WaiverForm(),
    }
    return render(request, "decommission/page.html", context)


def _act(request, engagement, form_class: type[Form], action: Callable[[dict], object], done: str):
    """Validate the posted form, run the service, say how it went, and go back to the page."""
    form = form_class(request.POST)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
            for name, errors in form.errors.items()
        )
        messages.error(request, problems)
    else:
        try:
            action(form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect("decommission:page", engagement.pk)


@login_required
@require_POST
def assets_import(request, pk: int):
    engagement = get_engagement_to_edit(request, pk)
    try:
        created = services.assets_from_file_servers(engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(count)d assets added from the file servers.") % {"count": len(created)}
        )
    return redirect("decommission:page", engagement.pk)


@login_required
@require_POST
def asset_add(request, pk: int):
    engagement = get_engagement_to_edit(request, pk)
    return _act(
        request,
        engagement,
        AssetForm,
        lambda data: services.asset_save(engagement=engagement, user=request.user, **data),
        _("Asset saved."),
    )


@login_required
@require_POST
def asset_edit(request, pk: int, asset_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    asset = get_asset(engagement, asset_pk)
    return _act(
        request,
        engagement,
        AssetForm,
        lambda data: services.asset_save(engagement=engagement, user=request.user, asset=asset, **data),
        _("Asset saved."),
    )


@login_required
@require_POST
def medium_add(request, pk: int, asset_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    asset = get_asset(engagement, asset_pk)
    return _act(
        request,
        engagement,
        MediumForm,
        lambda data: services.medium_add(asset=asset, user=request.user, **data),
        _("Storage medium added."),
    )


@login_required
@require_POST
def medium_plan(request, pk: int, medium_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    medium = get_medium(engagement, medium_pk)
    return _act(
        request,
        engagement,
        PlanForm,
        lambda data: services.medium_plan(medium=medium, user=request.user, **data),
        _("Sanitisation planned."),
    )


@login_required
@require_POST
def medium_sanitise(request, pk: int, medium_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    medium = get_medium(engagement, medium_pk)
    return _act(
        request,
        engagement,
        SanitiseForm,
        lambda data: services.medium_sanitise(medium=medium, user=request.user, **data),
        _("Sanitisation recorded."),
    )


@login_required
@require_POST
def asset_end(request, pk: int, asset_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    asset = get_asset(engagement, asset_pk)
    return _act(
        request,
        engagement,
        EndForm,
        lambda data: services.asset_end_set(asset=asset, user=request.user, **data),
        _("End recorded."),
    )


@login_required
@require_POST
def custody_add(request, pk: int, asset_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    asset = get_asset(engagement, asset_pk)
    return _act(
        request,
        engagement,
        CustodyForm,
        lambda data: services.custody_record(asset=asset, user=request.user, **data),
        _("Chain of custody entry added."),
    )


@login_required
@require_POST
def asset_appraise(request, pk: int, asset_pk: int):
    engagement = get_engagement_to_edit(request, pk)
    asset = get_asset(engagement, asset_pk)
    return _act(
        request,
        engagement,
        AppraisalForm,
        lambda data: services.asset_appraise(asset=asset, user=request.user, **data),
        _("Appraisal saved."),
    )


@login_required
@require_POST
def early_waive(request, pk: int):
    engagement = get_engagement_to_edit(request, pk)
    return _act(
        request,
        engagement,
        WaiverForm,
        lambda data: services.early_sanitising_waive(engagement=engagement, user=request.user, **data),
        _("The wait is waived: media may be sanitised now."),
    )


@login_required
@require_POST
def waive(request, pk: int):
    engagement = get_engagement_to_edit(request, pk)
    return _act(
        request,
        engagement,
        WaiverForm,
        lambda data: services.decommissioning_waive(engagement=engagement, user=request.user, **data),
        _("Decommissioning waived."),
    )


@login_required
@require_POST
def certificate_sign(request, pk: int):
    engagement = get_engagement_to_edit(request, pk)
    return _act(
        request,
        engagement,
        Form,
        lambda data: services.certificate_sign(engagement=engagement, user=request.user),
        _("The certificate of data sanitisation is signed."),
    )


@login_required
@require_POST
def credit_issue(request, pk: int):
    engagement = get_engagement_to_edit(request, pk)
    return _act(
        request,
        engagement,
        Form,
        lambda data: services.store_credit_issue(engagement=engagement, user=request.user),
        _("Store credit issued to the customer."),
    )


@login_required
def certificate(request, pk: int):
    engagement = get_engagement_for_certificate(request, pk)
    pdf = certificate_download(engagement=engagement, record=decommission_of(engagement))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{engagement.reference}-sanitisation-certificate.pdf"'
    )
    return response
