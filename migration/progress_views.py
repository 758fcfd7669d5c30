"""Progress bars of a migration job: the staff one on the migration page, the customer's simpler
one on the status page. Both poll with htmx and stop polling when the job has finished."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseStopPolling

from engagements.access import get_engagement_for_status_page
from migration.progress import job_progress, latest_job

POLL_SECONDS = 2


def progress_context(engagement) -> dict:
    job = latest_job(engagement)
    return {
        "engagement": engagement,
        "progress": job_progress(job) if job else None,
        "poll_seconds": POLL_SECONDS,
    }


def _respond(request: HttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    if request.htmx:
        progress = context["progress"]
        if progress is None or progress.finished:
            # Status 286 tells htmx to stop polling; the body still replaces the bar once.
            return HttpResponseStopPolling(
                render_to_string(f"{template}#{partial}", context, request=request)
            )
        return render(request, f"{template}#{partial}", context)
    return render(request, "migration/progress_page.html", {**context, "fragment": template})


@login_required
def job_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    from migration.access import get_engagement_to_view, may_operate

    engagement = get_engagement_to_view(request, pk)
    context = {**progress_context(engagement), "may_operate": may_operate(request.user, engagement)}
    return _respond(request, "migration/_progress.html", "progress", context)


@login_required
def status_progress_view(request: HttpRequest, reference: str) -> HttpResponse:
    engagement = get_engagement_for_status_page(request, reference)
    return _respond(
        request, "migration/_status_progress.html", "status_progress", progress_context(engagement)
    )
