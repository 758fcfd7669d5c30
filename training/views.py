"""Staff pages of training and support, and the customer's support requests on the status page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import get_engagement_for_staff, get_engagement_for_status_page
from engagements.errors import DomainError
from engagements.planning.errors import SprintRefused
from training import selectors
from training.forms import OnlineOnlyForm, SessionForm, SupportAnswerForm, SupportRequestForm
from training.models import SupportChannel, TrainingSession
from training.services import (
    attendance_record,
    online_only_set,
    training_session_cancel,
    training_session_create,
)
from training.support import support_request_answer, support_request_submit


def _may_train(user, engagement) -> bool:
    """The coordinator and the engagement's consultants book sessions, take attendance and answer
    support; sellers read."""
    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):
        return True
    return roles.has_role(user, roles.CONSULTANT) and engagement.consultants.filter(pk=user.pk).exists()


def _engagement_for_trainer(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    if not _may_train(request.user, engagement):
        raise PermissionDenied
    return engagement


def _page_url(engagement) -> str:
    return reverse("training:engagement", args=[engagement.pk])


def _render_page(request, engagement, *, status=200, session_form=None, support_form=None):
    today = timezone.localdate()
    sessions = list(selectors.sessions_ordered_by_first_day(engagement))
    trained = selectors.trained_user_ids(engagement=engagement)
    context = {
        "engagement": engagement,
        "sessions": [
            {"session": s, "attendance": selectors.attendance_of(s), "days": list(s.days.all())}
            for s in sessions
        ],
        "trained": trained,
        "absentees": selectors.absentees(engagement=engagement, today=today),
        "advice": selectors.online_only_advice(engagement=engagement),
        "window": selectors.support_window(engagement=engagement),
        "requests": list(selectors.support_requests_of(engagement)),
        "may_train": _may_train(request.user, engagement),
        "session_form": session_form or SessionForm(engagement=engagement),
        "support_form": support_form or SupportRequestForm(),
        "today": today,
    }
    return render(request, "training/engagement.html", context, status=status)


@login_required
def engagement_training(request, pk: int):
    return _render_page(request, get_engagement_for_staff(request, pk))


@login_required
@require_POST
def session_add(request, pk: int):
    engagement = _engagement_for_trainer(request, pk)
    form = SessionForm(request.POST, engagement=engagement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            training_session_create(
                engagement=engagement,
                user=request.user,
                trainer=data["trainer"],
                training_format=data["training_format"],
                delivery=data["delivery"],
                days=form.days(),
                attendees=list(data["attendees"]),
                place=data["place"],
                meeting_link=data["meeting_link"],
                override_reason=data["override_reason"],
            )
        except SprintRefused as refusal:
            for problem in refusal.problems:
                form.add_error(None, problem)
            form.add_error("override_reason", _("To book it anyway, say why here."))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The training is booked and the invitations are on their way."))
            return redirect(_page_url(engagement))
    return _render_page(request, engagement, status=422, session_form=form)


def _session_of(engagement, session_pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession, pk=session_pk, engagement=engagement)


@login_required
@require_POST
def session_cancel(request, pk: int, session_pk: int):
    engagement = _engagement_for_trainer(request, pk)
    training_session_cancel(session=_session_of(engagement, session_pk), user=request.user)
    messages.success(request, _("The training is cancelled and the attendees told."))
    return redirect(_page_url(engagement))


@login_required
@require_POST
def attendance_save(request, pk: int, session_pk: int):
    engagement = _engagement_for_trainer(request, pk)
    session = _session_of(engagement, session_pk)
    present = []
    for value in request.POST.getlist("present"):
        day_id, _sep, person_id = value.partition(":")
        if not (day_id.isdigit() and person_id.isdigit()):
            messages.error(request, _("The attendance sheet was not understood; nothing was saved."))
            return redirect(_page_url(engagement))
        present.append((int(day_id), int(person_id)))
    try:
        trained = attendance_record(session=session, user=request.user, present=present)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Attendance saved. Folder access released for: %(names)s.")
            % {"names": ", ".join(p.name for p in trained)}
            if trained
            else _("Attendance saved."),
        )
    return redirect(_page_url(engagement))


@login_required
@require_POST
def online_only_choose(request, pk: int):
    engagement = _engagement_for_trainer(request, pk)
    form = OnlineOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a folder and whether to keep it online-only."))
        return redirect(_page_url(engagement))
    try:
        online_only_set(
            engagement=engagement,
            user=request.user,
            folder=form.cleaned_data["folder"],
            online_only=form.cleaned_data["online_only"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_page_url(engagement))


@login_required
@require_POST
def support_log(request, pk: int):
    """A consultant logs a request taken on the phone."""
    engagement = _engagement_for_trainer(request, pk)
    form = SupportRequestForm(request.POST)
    if not form.is_valid():
        return _render_page(request, engagement, status=422, support_form=form)
    support_request_submit(
        engagement=engagement, user=request.user, channel=SupportChannel.PHONE, **form.cleaned_data
    )
    messages.success(request, _("The support request is logged."))
    return redirect(_page_url(engagement))


@login_required
def support_detail(request, pk: int, request_pk: int):
    engagement = get_engagement_for_staff(request, pk)
    support_request = get_object_or_404(selectors.support_requests_of(engagement), pk=request_pk)
    form = SupportAnswerForm(instance=support_request)
    status = 200
    if request.method == "POST":
        if not _may_train(request.user, engagement):
            raise PermissionDenied
        form = SupportAnswerForm(request.POST, instance=support_request)
        if form.is_valid():
            try:
                support_request_answer(request=support_request, user=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("The answer is saved; the customer sees it on their status page.")
                )
                return redirect(_page_url(engagement))
        status = 422
        support_request.refresh_from_db()
    return render(
        request,
        "training/support_detail.html",
        {"engagement": engagement, "support_request": support_request, "form": form},
        status=status,
    )


@login_required
def customer_support(request, reference: str):
    """The customer's contacts ask for help and read the answers; staff see what the customer sees."""
    engagement = get_engagement_for_status_page(request, reference)
    form = SupportRequestForm(initial={"requester_name": request.user.get_full_name()})
    status = 200
    if request.method == "POST":
        if roles.is_internal(request.user):
            raise PermissionDenied  # staff log calls on the training page
        form = SupportRequestForm(request.POST)
        if form.is_valid():
            support_request_submit(
                engagement=engagement,
                user=request.user,
                channel=SupportChannel.STATUS_PAGE,
                **form.cleaned_data,
            )
            messages.success(request, _("Thank you. We have your request and will answer here."))
            return redirect(reverse("training:customer_support", args=[engagement.reference]))
        status = 422
    return render(
        request,
        "training/customer_support.html",
        {
            "engagement": engagement,
            "form": form,
            "requests": list(selectors.support_requests_of(engagement)),
            "window": selectors.support_window(engagement=engagement),
            "user_is_staff": roles.is_internal(request.user),
        },
        status=status,
    )
