"""Panels this app contributes to the engagement page and the customer status page, and filters
its templates share.

B2's progress section goes into these same tags (context keys beside the scan's).
"""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from migration.guards import is_trial_run, job_is_trial_run
from migration.models import MigrationJob, ScanException, ScanRun
from migration.selectors import latest_discovery_scan, migration_source_of

register = template.Library()


@register.inclusion_tag("migration/panel.html", takes_context=True)
def migration_panel(context, engagement):
    """Scan summary and the way to the migration page: three queries however big the share."""
    return {
        "engagement": engagement,
        "source": migration_source_of(engagement),
        "discovery": latest_discovery_scan(engagement),
        "running": ScanRun.objects.filter(engagement=engagement, status=ScanRun.Status.RUNNING).exists(),
    }


@register.inclusion_tag("migration/status_panel.html", takes_context=True)
def migration_status_panel(context, engagement):
    """What the customer sees: how much we found on their server, and the simpler progress bar
    (migration/_status_progress.html, polling migration:status_progress)."""
    from migration.progress_views import progress_context

    return {
        **progress_context(engagement),
        "request": context.get("request"),
        "discovery": latest_discovery_scan(engagement),
        # The verification certificate is the customer's once a verification has finished.
        "certificate_ready": MigrationJob.objects.filter(
            engagement=engagement, kind=MigrationJob.Kind.VERIFY, status=MigrationJob.Status.DONE
        ).exists(),
    }


@register.inclusion_tag("migration/_progress.html", takes_context=True)
def migration_progress(context, engagement):
    """The staff progress bar of the latest job, for the migration page (polls migration:job_progress)."""
    from migration.progress_views import progress_context

    return {**progress_context(engagement), "request": context.get("request")}


@register.filter
def duration(seconds) -> str:
    """12 600 -> "3 h 30 min"; under a minute reads "under a minute"."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return "–"
    if seconds < 60:
        return _("under a minute")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if minutes and not days:
        parts.append(_("%(n)d min") % {"n": minutes})
    return " ".join(parts)


@register.filter
def exception_label(code: str) -> str:
    return str(dict(ScanException.Code.choices).get(code, code))


@register.simple_tag
def migration_not_ready(engagement) -> str:
    """Why a bulk or delta job may not start now, or "" when it may: the page says so beside the
    buttons instead of after a click."""
    from migration.services.job_start import MigrationNotReady, require_ready_to_migrate

    try:
        require_ready_to_migrate(engagement)
    except MigrationNotReady as refusal:
        return refusal.message
    return ""


@register.filter
def trial_run_engagement(engagement) -> bool:
    """A bulk or delta started now would be a trial run (the engagement is in planning)."""
    return is_trial_run(engagement)


@register.filter
def trial_run_job(job) -> bool:
    """The job is a bulk or delta started before the engagement entered migrating."""
    return job_is_trial_run(job)
