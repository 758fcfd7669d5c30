"""Starting bulk, delta and verify jobs from the migration page, and downloading the
verification CSV and the certificate. Every view goes through migration.access."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.csv_safe import csv_writer
from engagements.errors import DomainError
from engagements.selectors import engagements_of_contact
from migration.access import get_engagement_to_operate, get_engagement_to_view
from migration.guards import is_trial_run
from migration.progress_views import progress_context
from migration.reports.certificate import certificate_pdf, latest_verification, verification_csv_rows
from migration.services.bulk import migration_start_bulk
from migration.services.delta import migration_start_delta
from migration.services.verify import migration_verify


def _started(request, engagement, start, started_message: str) -> HttpResponse:
    try:
        start()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, started_message)
    if request.htmx:
        context = {**progress_context(engagement), "may_operate": True}
        return render(request, "migration/_progress.html#progress", context)
    return redirect("migration:page", pk=engagement.pk)


@login_required
@require_POST
def bulk_start(request, pk: int):
    engagement = get_engagement_to_operate(request, pk)
    return _started(
        request,
        engagement,
        lambda: migration_start_bulk(engagement=engagement, user=request.user),
        _("The bulk migration has started as a trial run: the engagement is still in planning.")
        if is_trial_run(engagement)
        else _("The bulk migration has started."),
    )


@login_required
@require_POST
def delta_start(request, pk: int):
    engagement = get_engagement_to_operate(request, pk)
    propagate = request.POST.get("propagate_deletes") == "on"
    return _started(
        request,
        engagement,
        lambda: migration_start_delta(engagement=engagement, user=request.user, propagate_deletes=propagate),
        _("The delta migration has started as a trial run: the engagement is still in planning.")
        if is_trial_run(engagement)
        else _("The delta migration has started."),
    )


@login_required
@require_POST
def verify_start(request, pk: int):
    engagement = get_engagement_to_operate(request, pk)
    return _started(
        request,
        engagement,
        lambda: migration_verify(engagement=engagement, user=request.user),
        _("The verification has started."),
    )


@login_required
def verification_csv(request, pk: int):
    engagement = get_engagement_to_view(request, pk)

    def lines():
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        yield "\ufeff"
        for row in verification_csv_rows(engagement):
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{engagement.reference}-verification.csv"'
    return response


def _engagement_for_certificate(request, pk: int):
    """Staff who may see the engagement get the certificate at any time. It is meant for the
    customer too: their contacts get it once a verification has finished; other customers 404."""
    if roles.is_internal(request.user):
        return get_engagement_to_view(request, pk)
    engagement = engagements_of_contact(request.user).select_related("customer").filter(pk=pk).first()
    if engagement is None or latest_verification(engagement) is None:
        raise Http404
    return engagement


@login_required
def certificate(request, pk: int):
    engagement = _engagement_for_certificate(request, pk)
    response = HttpResponse(certificate_pdf(engagement=engagement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{engagement.reference}-certificate.pdf"'
    return response
