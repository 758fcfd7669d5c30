"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

from engagements import roles
from licensing.folders.selectors import folder_plan_of, plan_in_words

register = template.Library()


@register.inclusion_tag("licensing/folders/panel.html", takes_context=True)
def folders_panel(context, engagement):
    """The engagement page (staff): where the plan stands, and the way to it."""
    plan = folder_plan_of(engagement=engagement)
    return {
        "engagement": engagement,
        "plan": plan,
        "folder_count": plan.folders.filter(included=True).count() if plan else 0,
        "request": context.get("request"),
    }


@register.inclusion_tag("licensing/folders/status_panel.html", takes_context=True)
def folders_status_panel(context, engagement):
    """The customer's status page: the structure and who reaches what, in plain words, and the
    approval (only the customer's contacts approve)."""
    request = context.get("request")
    plan = folder_plan_of(engagement=engagement)
    words = plan_in_words(plan=plan) if plan else None
    user = getattr(request, "user", None)
    return {
        "engagement": engagement,
        "plan": plan,
        "words": words,
        "may_approve": bool(user and user.is_authenticated and not roles.is_internal(user)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
