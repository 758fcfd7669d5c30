"""Connect and disconnect an engagement's Dropbox: thin views over oauth.py and services.py."""

import logging

import dropbox
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dropbox_integration import oauth
from dropbox_integration.access import get_engagement_to_connect, get_engagement_to_disconnect
from dropbox_integration.errors import DropboxNotConnected
from dropbox_integration.models import DropboxConnection
from dropbox_integration.services import dropbox_connection_create, dropbox_disconnect
from engagements.access import require_internal
from engagements.errors import DomainError

logger = logging.getLogger(__name__)


# The panel's button sends this in the embedded run: approve in the sandbox server-side.
APPROVE_IN_SANDBOX = "in-sandbox"


@login_required
@require_POST
def connect_start(request, pk: int):
    """Send the user to Dropbox to approve the app for their team (OAuth2 code flow with PKCE).

    In the embedded run (DROPBOX_SANDBOX_URL set) the panel asks for `approve=in-sandbox`: the
    app then runs the same flow against the sandbox itself and comes back connected, instead of
    sending the browser to the sandbox's page, whose certificate (the sandbox's own CA) it does
    not trust. Without it, or against real Dropbox, the browser goes to Dropbox as always.
    """
    engagement = get_engagement_to_connect(request, pk)
    if DropboxConnection.objects.filter(engagement=engagement).exists():
        messages.error(request, _("This engagement is already connected to Dropbox. Disconnect it first."))
        return redirect(engagement)
    if settings.DROPBOX_SANDBOX_URL and request.POST.get("approve") == APPROVE_IN_SANDBOX:
        _connect(
            request,
            engagement,
            lambda: oauth.sandbox_web_flow_complete(
                session=request.session, engagement_pk=engagement.pk, team_name=engagement.customer.name
            ),
        )
        return redirect(engagement)
    try:
        authorize_url = oauth.web_flow_start(session=request.session, engagement_pk=engagement.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(engagement)
    return HttpResponseRedirect(authorize_url)


@login_required
@require_GET
def oauth_callback(request):
    """Where Dropbox sends the user back: finish the flow and store the connection."""
    require_internal(request)
    engagement_pk = oauth.web_flow_engagement_pk(request.session)
    if engagement_pk is None:
        messages.error(
            request,
            _("The Dropbox sign-in was not started from this browser session, or it expired. Start again."),
        )
        return redirect("engagements:list")
    engagement = get_engagement_to_connect(request, engagement_pk)
    _connect(
        request,
        engagement,
        lambda: oauth.web_flow_finish(session=request.session, query_params=request.GET.dict()),
    )
    return redirect(engagement)


def _connect(request, engagement, authorize) -> None:
    """Get the token from `authorize()`, store the connection, and say how it went."""
    try:
        token = authorize()
        connection = dropbox_connection_create(
            engagement=engagement, user=request.user, refresh_token=token.refresh_token, scopes=token.scopes
        )
    except DomainError as error:
        messages.error(request, error.message)
    except (dropbox.exceptions.DropboxException, requests.exceptions.RequestException) as error:
        logger.warning("Dropbox connect of %s failed: %s", engagement.reference, type(error).__name__)
        messages.error(request, _("Dropbox gave an unexpected answer, so nothing was connected. Try again."))
    else:
        messages.success(
            request, _("Connected to the Dropbox team “%(team)s”.") % {"team": connection.team_name}
        )


@login_required
@require_POST
def disconnect(request, pk: int):
    engagement = get_engagement_to_disconnect(request, pk)
    try:
        dropbox_disconnect(engagement=engagement, user=request.user)
    except DropboxNotConnected as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Dropbox is disconnected from this engagement."))
    return redirect(engagement)
