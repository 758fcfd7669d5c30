"""Fixtures for a Dropbox-connected engagement (the connection layer, issue 3).

`connected_engagement` connects the `engagement` fixture to a fresh sandbox team through the
real OAuth2 code flow with PKCE (the same code the "Connect Dropbox" button runs), then the
real service. Every connection gets its own team, so tests never see each other's files.
"""

import pytest

from dropbox_integration import oauth
from dropbox_integration.models import DropboxConnection
from dropbox_integration.services import dropbox_connection_create

__all__ = ["connected_engagement", "connect_through_sandbox"]


def connect_through_sandbox(engagement, *, user=None, team_name: str | None = None) -> DropboxConnection:
    """Run the web flow against the sandbox as a browser would and store the connection."""
    session: dict = {}
    authorize_url = oauth.web_flow_start(session=session, engagement_pk=engagement.pk)
    # The new sandbox team carries the customer's name, as the real one would.
    callback_params = oauth.sandbox_approve(authorize_url, team_name=team_name or engagement.customer.name)
    token = oauth.web_flow_finish(session=session, query_params=callback_params)
    return dropbox_connection_create(
        engagement=engagement, user=user, refresh_token=token.refresh_token, scopes=token.scopes
    )


@pytest.fixture
def connected_engagement(dropbox_sandbox, engagement):
    """`engagement`, connected to its own new Dropbox sandbox team by its coordinator."""
    connect_through_sandbox(engagement, user=engagement.coordinator)
    return engagement
