"""Panels this app contributes to the engagement page and the customer status page."""

from django import template

from engagements.phases import Phase
from training import selectors

# The customer hears about training once the files are moving, and about support until the end.
STATUS_PANEL_PHASES = {Phase.MIGRATING, Phase.ROLLOUT, Phase.DECOMMISSIONING}

register = template.Library()


@register.inclusion_tag("training/panel.html", takes_context=True)
def training_panel(context, engagement):
    """The engagement page (staff): sessions, who is trained, and the support requests still open."""
    trained = selectors.trained_user_ids(engagement=engagement)
    return {
        "engagement": engagement,
        "request": context.get("request"),
        "session_count": selectors.sessions_of(engagement).count(),
        "trained_count": len(trained),
        "user_count": engagement.customer_users.count(),
        "open_requests": selectors.support_requests_of(engagement).filter(status="open").count(),
        "window": selectors.support_window(engagement=engagement),
    }


@register.inclusion_tag("training/status_panel.html", takes_context=True)
def training_status_panel(context, engagement):
    """The customer's status page: training dates, online-only folders, the support window and
    whom to call, and the customer's requests. Nothing (and no query) in the other phases."""
    if engagement.phase not in STATUS_PANEL_PHASES:
        return {"engagement": engagement, "request": context.get("request")}
    window = selectors.support_window(engagement=engagement)
    people = [person for person in [engagement.coordinator, *engagement.consultants.all()] if person]
    return {
        "engagement": engagement,
        "request": context.get("request"),
        "training_days": selectors.training_dates(engagement=engagement),
        "advice": [f for f in selectors.online_only_advice(engagement=engagement) if f.online_only],
        "window": window,
        "support_people": list(dict.fromkeys(people)),
        "requests": list(selectors.support_requests_of(engagement)[:5]),
    }
