"""Connect and disconnect an engagement's Dropbox: thin views over oauth.py and services.py."""

import logging

import dropbox
import requests
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


@login_required
@require_POST
def connect_start(request, pk: int):
    """Send the user to Dropbox to approve the app for their team (OAuth2 code flow with PKCE)."""
    engagement = get_engagement_to_connect(request, pk)
    if DropboxConnection.objects.filter(engagement=engagement).exists():
        messages.error(request, _("This engagement is already connected to Dropbox. Disconnect it first."))
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
    try:
        token = oauth.web_flow_finish(session=request.session, query_params=request.GET.dict())
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
    return redirect(engagement)


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
