"""The migration page of an engagement: source settings, scans with live progress, exceptions report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from engagements.errors import DomainError
from migration.access import get_engagement_to_operate, get_engagement_to_view, may_operate
from migration.forms import ExceptionFilterForm, MigrationSourceForm
from migration.models import ManifestEntry, ScanRun
from migration.progress_views import progress_context
from migration.reports.exceptions import exceptions_csv_lines
from migration.selectors import latest_discovery_scan, latest_scan, migration_source_of, scan_exceptions
from migration.services.scan import scan_start
from migration.services.source import migration_source_set
from migration.tasks import scan_run_task

EXCEPTIONS_PAGE_SIZE = 100


def _page_context(request, engagement) -> dict:
    source = migration_source_of(engagement)
    initial = {"source_path": source.source_path, "target_root": source.target_root} if source else None
    return {
        **progress_context(engagement),  # the bulk/delta/verify progress bar (migration.progress_views)
        "engagement": engagement,
        "source": source,
        "source_form": MigrationSourceForm(initial=initial),
        "scan": latest_scan(engagement),
        "discovery": latest_discovery_scan(engagement),
        "has_manifest": ManifestEntry.objects.filter(engagement=engagement).exists(),
        "may_operate": may_operate(request.user, engagement),
    }


@login_required
def migration_page(request, pk: int):
    engagement = get_engagement_to_view(request, pk)
    context = _page_context(request, engagement)
    if request.htmx:
        html = render_to_string("migration/page.html#scan", context, request=request)
        scan = context["scan"]
        if scan is None or scan.status != ScanRun.Status.RUNNING:
            return HttpResponseStopPolling(html)
        return render(request, "migration/page.html#scan", context)
    return render(request, "migration/page.html", context)


@login_required
@require_POST
def source_update(request, pk: int):
    engagement = get_engagement_to_operate(request, pk)
    form = MigrationSourceForm(request.POST)
    if form.is_valid():
        try:
            migration_source_set(engagement=engagement, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("source_path", error.message)
        else:
            messages.success(request, _("The migration source is saved."))
            return redirect("migration:page", pk=engagement.pk)
    context = _page_context(request, engagement)
    context["source_form"] = form
    return render(request, "migration/page.html", context, status=400)


@login_required
@require_POST
def scan_begin(request, pk: int):
    engagement = get_engagement_to_operate(request, pk)
    kind = request.POST.get("kind", ScanRun.Kind.DISCOVERY)
    if kind not in ScanRun.Kind.values:
        messages.error(request, _("Choose a discovery scan or a delta scan."))
        return redirect("migration:page", pk=engagement.pk)
    try:
        scan = scan_start(engagement=engagement, user=request.user, kind=kind)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        scan_run_task.delay_on_commit(scan.pk)
        if request.htmx:
            return render(request, "migration/page.html#scan", _page_context(request, engagement))
    return redirect("migration:page", pk=engagement.pk)


@login_required
def exceptions_report(request, pk: int):
    engagement = get_engagement_to_view(request, pk)
    scan = latest_scan(engagement, finished=True)
    form = ExceptionFilterForm(request.GET or None)
    code = form.cleaned_data["code"] if form.is_valid() else ""
    page = None
    if scan is not None:
        page = Paginator(scan_exceptions(scan, code=code), EXCEPTIONS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    query = request.GET.copy()
    query.pop("page", None)
    template = "migration/exceptions.html"
    if request.htmx:
        template += "#rows"
    return render(
        request,
        template,
        {"engagement": engagement, "scan": scan, "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def exceptions_csv(request, pk: int):
    engagement = get_engagement_to_view(request, pk)
    scan = latest_scan(engagement, finished=True)
    if scan is None:
        messages.error(request, _("There is no finished scan yet."))
        return redirect("migration:page", pk=engagement.pk)
    response = StreamingHttpResponse(exceptions_csv_lines(scan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{engagement.reference}-exceptions.csv"'
    return response
