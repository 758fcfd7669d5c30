"""Weekly reports: the coordinator's review page and sending; the PDF and the customer's .ics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import get_engagement_for_staff, get_engagement_for_status_page, require_internal
from engagements.errors import DomainError
from engagements.planning import ical, permissions, selectors
from engagements.planning.forms import ReportDraftForm, WeeklyReportForm
from engagements.planning.models import ReportStatus, WeeklyReport
from engagements.planning.pdf import weekly_report_pdf
from engagements.planning.reports import weekly_report_draft_now, weekly_report_send, weekly_report_update


def _report_for_staff(request, report_pk: int) -> WeeklyReport:
    require_internal(request)
    report = get_object_or_404(WeeklyReport, pk=report_pk)
    report.engagement = get_engagement_for_staff(request, report.engagement_id)
    return report


@login_required
def report_edit(request, report_pk: int):
    """Staff on the engagement read the draft; the coordinator edits, marks reviewed and sends."""
    report = _report_for_staff(request, report_pk)
    may_edit = permissions.may_plan(request.user) and report.status != ReportStatus.SENT
    status = 200
    if request.method == "POST":
        if not permissions.may_plan(request.user):
            raise PermissionDenied
        form = WeeklyReportForm(request.POST, instance=WeeklyReport.objects.get(pk=report.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                weekly_report_update(report=report, user=request.user, **data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if data["reviewed"]:
                    messages.success(request, _("The report is reviewed and ready to send."))
                else:
                    messages.success(request, _("The draft is saved."))
                return redirect("planning:report", report_pk=report.pk)
        status = 422
    else:
        form = WeeklyReportForm(instance=report, initial={"reviewed": report.status == ReportStatus.REVIEWED})
    return render(
        request,
        "planning/report_edit.html",
        {"report": report, "engagement": report.engagement, "form": form, "may_edit": may_edit},
        status=status,
    )


@login_required
@require_POST
def report_draft(request, pk: int):
    """The coordinator drafts a week's report now instead of waiting for Monday's task."""
    engagement = get_engagement_for_staff(request, pk)
    if not permissions.may_plan(request.user):
        raise PermissionDenied
    form = ReportDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the week to draft a report of."))
        return redirect("planning:engagement", pk=engagement.pk)
    try:
        report, created = weekly_report_draft_now(
            engagement=engagement, week_start=form.cleaned_data["week_start"], user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("planning:engagement", pk=engagement.pk)
    if created:
        messages.success(request, _("The report of week %(week)s is drafted.") % {"week": report.week_number})
    else:
        messages.info(
            request, _("Week %(week)s already has a report; here it is.") % {"week": report.week_number}
        )
    return redirect("planning:report", report_pk=report.pk)


@login_required
@require_POST
def report_send(request, report_pk: int):
    report = _report_for_staff(request, report_pk)
    if not permissions.may_plan(request.user):
        raise PermissionDenied
    try:
        weekly_report_send(report=report, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is sent to the customer and on their status page."))
    return redirect("planning:report", report_pk=report.pk)


@login_required
def report_pdf(request, reference: str, report_pk: int):
    """The report as PDF. Customers get sent reports of their own engagements; staff also drafts."""
    engagement = get_engagement_for_status_page(request, reference)
    report = get_object_or_404(WeeklyReport, pk=report_pk, engagement=engagement)
    if report.status != ReportStatus.SENT and not roles.is_internal(request.user):
        raise Http404
    report.engagement = engagement
    response = HttpResponse(weekly_report_pdf(report=report), content_type="application/pdf")
    filename = f"{engagement.reference}-{report.iso_label}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def customer_dates_ics(request, reference: str):
    """The engagement's sprint dates for the customer's own calendar."""
    engagement = get_engagement_for_status_page(request, reference)
    sprints = selectors.customer_sprints(engagement)
    body = ical.customer_calendar(sprints, name=f"Macforum · {engagement.title}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{engagement.reference}.ics"'
    return response
