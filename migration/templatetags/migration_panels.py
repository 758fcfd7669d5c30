"""Panels this app contributes to the engagement page and the customer status page.

Placeholders until the app's phase is built: each renders nothing.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def migration_panel(context, engagement):
    return ""


@register.inclusion_tag("migration/_status_progress.html", takes_context=True)
def migration_status_panel(context, engagement):
    """The customer's simpler progress bar (polls migration:status_progress)."""
    from migration.progress_views import progress_context

    return {**progress_context(engagement), "request": context.get("request")}


@register.inclusion_tag("migration/_progress.html", takes_context=True)
def migration_progress(context, engagement):
    """The staff progress bar of the latest job, for the migration page (polls migration:job_progress)."""
    from migration.progress_views import progress_context

    return {**progress_context(engagement), "request": context.get("request")}
