"""Panels this app contributes to the engagement page."""

from django import template
from django.conf import settings

from dropbox_integration.access import may_connect, may_disconnect
from dropbox_integration.selectors import dropbox_connection_of, dropbox_team_overview

register = template.Library()


@register.inclusion_tag("dropbox_integration/panel.html", takes_context=True)
def dropbox_panel(context, engagement):
    """The engagement's Dropbox team (name, licences), who connected it, connect/disconnect.

    One query for the connection; the team figures come from Dropbox through a short cache,
    and an unreachable Dropbox gives an error line, never an exception.
    """
    user = context["request"].user
    connection = dropbox_connection_of(engagement=engagement)
    return {
        "engagement": engagement,
        "connection": connection,
        "overview": dropbox_team_overview(connection=connection) if connection else None,
        "may_connect": may_connect(user, engagement),
        "may_disconnect": may_disconnect(user),
        "csrf_token": context.get("csrf_token"),
        # The embedded run approves in the sandbox server-side (dropbox_integration.views.connect_start).
        "sandbox": bool(settings.DROPBOX_SANDBOX_URL),
    }
