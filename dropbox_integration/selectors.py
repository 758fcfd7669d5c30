"""Reads of the Dropbox connection: the row, and the team overview the engagement page shows."""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dropbox_integration.client import team_client_for_connection
from dropbox_integration.errors import DropboxNotConnected
from dropbox_integration.models import DropboxAction, DropboxConnection
from dropbox_integration.retry import without_retries
from engagements.errors import DomainError
from engagements.models import Engagement

logger = logging.getLogger(__name__)

# A page shows team figures at most this old; a failure is remembered for less, so a
# recovered Dropbox shows up soon, while a down one does not slow every page view.
TEAM_OVERVIEW_SECONDS = 60
TEAM_OVERVIEW_ERROR_SECONDS = 15
# The engagement page waits at most this long for Dropbox before showing an error line.
TEAM_OVERVIEW_TIMEOUT_SECONDS = 5


def dropbox_connection_of(*, engagement: Engagement) -> DropboxConnection | None:
    return (
        DropboxConnection.objects.select_related("connected_by").filter(engagement_id=engagement.pk).first()
    )


def dropbox_connection_get(*, engagement: Engagement) -> DropboxConnection:
    connection = dropbox_connection_of(engagement=engagement)
    if connection is None:
        raise DropboxNotConnected(
            _("The engagement %(reference)s is not connected to Dropbox.")
            % {"reference": engagement.reference}
        )
    return connection


@dataclass(frozen=True)
class TeamOverview:
    name: str = ""
    licences_total: int = 0
    licences_used: int = 0
    error: str = ""


def _overview_cache_key(connection: DropboxConnection) -> str:
    return f"dropbox-team-overview:{connection.pk}"


def dropbox_team_overview(*, connection: DropboxConnection) -> TeamOverview:
    """team/get_info for the panel: name and licences, cached; an error line instead of an exception."""
    key = _overview_cache_key(connection)
    overview = cache.get(key)
    if overview is not None:
        return overview
    try:
        team = team_client_for_connection(connection).clone(timeout=TEAM_OVERVIEW_TIMEOUT_SECONDS)
        info = without_retries(team.team_get_info)
    except DomainError as error:
        overview = TeamOverview(name=connection.team_name, error=error.message)
        cache.set(key, overview, TEAM_OVERVIEW_ERROR_SECONDS)
        return overview
    except Exception as error:  # noqa: BLE001 - the engagement page must render whatever Dropbox answers
        logger.warning(
            "Dropbox team/get_info failed for connection %s: %s", connection.pk, type(error).__name__
        )
        overview = TeamOverview(
            name=connection.team_name,
            error=_("Dropbox gave an unexpected answer; the team could not be read."),
        )
        cache.set(key, overview, TEAM_OVERVIEW_ERROR_SECONDS)
        return overview
    # Provisioned = invited or active members: each holds a licence (what Dropbox's console shows).
    overview = TeamOverview(
        name=info.name, licences_total=info.num_licensed_users, licences_used=info.num_provisioned_users
    )
    cache.set(key, overview, TEAM_OVERVIEW_SECONDS)
    return overview


def forget_team_overview(connection: DropboxConnection) -> None:
    cache.delete(_overview_cache_key(connection))


def dropbox_actions_of(*, engagement: Engagement) -> QuerySet[DropboxAction]:
    """The audit of actions taken on the engagement's Dropbox, newest first."""
    return DropboxAction.objects.filter(engagement=engagement).select_related("user")
