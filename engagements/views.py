from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import (
    get_engagement_for_staff,
    get_engagement_for_status_page,
    require_internal,
)
from engagements.errors import PhaseTransitionError
from engagements.forms import EngagementFilterForm, PhaseAdvanceForm
from engagements.phases import MAIN_LINE, Phase, next_phases
from engagements.selectors import engagement_list as select_engagements
from engagements.selectors import engagements_of_contact
from engagements.services import engagement_advance

PAGE_SIZE = 25


@login_required
def home(request):
    if roles.is_internal(request.user):
        return redirect("engagements:list")
    engagements = list(engagements_of_contact(request.user).select_related("customer"))
    if len(engagements) == 1:
        response = redirect("engagements:status", reference=engagements[0].reference)
    else:
        response = render(request, "engagements/customer_home.html", {"engagements": engagements})
    # A customer's contacts read in the customer's language until they choose another.
    if engagements and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, engagements[0].customer.language, samesite="Lax")
    return response


@login_required
def engagement_list(request):
    require_internal(request)
    form = EngagementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    engagements = select_engagements(
        user=request.user,
        phase=filters.get("phase", ""),
        seller_id=getattr(filters.get("seller"), "pk", None),
        consultant_id=getattr(filters.get("consultant"), "pk", None),
        search=filters.get("q", ""),
    )
    page = Paginator(engagements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "engagements/list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_open_engagements": roles.may_open_engagements(request.user),
        },
    )


def _timeline(engagement):
    """The main line of phases, each marked done, current or to come."""
    current = Phase(engagement.phase)
    position = MAIN_LINE.index(current) if current in MAIN_LINE else None
    steps = []
    for index, phase in enumerate(MAIN_LINE):
        if position is None:
            state = "off"
        elif index < position:
            state = "done"
        elif index == position:
            state = "current"
        else:
            state = "todo"
        steps.append({"phase": phase, "state": state})
    return steps


@login_required
def engagement_detail(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    history = engagement.phase_changes.select_related("changed_by")
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "consultants": engagement.consultants.all(),
            "contacts": engagement.customer.contacts.all(),
            "timeline": _timeline(engagement),
            "history": history,
            "next_phases": next_phases(engagement.phase) if roles.may_change_phase(request.user) else [],
            "may_invite": roles.may_open_engagements(request.user),
        },
    )


@login_required
@require_POST
def engagement_change_phase(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    if not roles.may_change_phase(request.user):
        messages.error(request, _("Only the seller's team and coordinators change the phase."))
        return redirect(engagement)
    form = PhaseAdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase to move to."))
        return redirect(engagement)
    try:
        engagement_advance(
            engagement=engagement,
            to_phase=form.cleaned_data["to_phase"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
    except PhaseTransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The engagement is now in the phase “%(phase)s”.") % {"phase": Phase(engagement.phase).label},
        )
    return redirect(engagement)


@login_required
def status_page(request, reference: str):
    engagement = get_engagement_for_status_page(request, reference)
    return render(
        request,
        "engagements/status.html",
        {
            "engagement": engagement,
            "timeline": _timeline(engagement),
            "team": [u for u in (engagement.seller, engagement.coordinator) if u is not None],
        },
    )
