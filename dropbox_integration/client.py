"""The one factory for Dropbox SDK clients. Nothing else in the project builds one.

- `team_client(engagement)`: a `dropbox.DropboxTeam` with the team's token, for team/* routes
  (members, groups, team folders, team/get_info).
- `files_client(engagement)`: a `dropbox.Dropbox` acting as the team admin who connected
  (`Dropbox-API-Select-Admin`) with the team space as path root (`Dropbox-API-Path-Root`),
  for files/* and sharing/* routes: "/Ekonomi" is the team space folder Ekonomi.

Both are built from the stored refresh token and the app key; the SDK fetches and refreshes
short-lived access tokens by itself. The SDK's own retries are off (max_retries_on_error=0,
max_retries_on_rate_limit=0): wrap calls in `dropbox_integration.retry.with_retries`.

Clients are cached per thread and engagement (an SDK client is cheap to keep and holds its
access token, so a cached one saves a token refresh per task); all of a process's clients
share one pooled HTTPS session sized by DROPBOX_MAX_CONNECTIONS. Each call reads the
connection row (one query), so a disconnect or reconnect is seen at once.

Against the sandbox (DROPBOX_SANDBOX_URL set) the hosts come from the environment that
dropbox_integration.sdk_hosts prepared before `dropbox` was imported, and the sandbox's CA is trusted.
"""

import os
import threading
from dataclasses import dataclass

import dropbox
from django.conf import settings
from django.utils.translation import gettext as _

from dropbox_integration.crypto import SecretUnreadable
from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected, DropboxUnavailable
from dropbox_integration.models import DropboxConnection
from engagements.models import Engagement

USER_AGENT = "MacforumProjects/1.0"

_session_lock = threading.Lock()
_sessions: dict[int, object] = {}  # pid -> requests.Session; a forked worker builds its own
_thread_clients = threading.local()


def sandbox_ca_certs() -> str | None:
    """The CA file to trust: the sandbox's when the app talks to the sandbox, else the system's."""
    if not settings.DROPBOX_SANDBOX_URL:
        return None
    ca_file = settings.DROPBOX_SANDBOX_CA
    if ca_file and not os.path.isfile(ca_file):
        # requests would raise a bare OSError deep inside a call; say what is wrong instead.
        raise DropboxUnavailable(
            _(
                "The Dropbox sandbox's CA certificate %(path)s does not exist yet. Start the sandbox "
                "(manage.py dropbox_sandbox) and try again."
            )
            % {"path": ca_file}
        )
    return ca_file or None


def trust_sandbox_ca(session):
    """Make a requests session trust the sandbox's CA, and only it, when the app uses the sandbox.

    requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE from the environment override a
    session's own `verify` (psf/requests#3829), and CI machines set them: the SDK's
    `ca_certs` would then be ignored. The sandbox is local, so the session needs nothing from
    the environment (no proxies either). Against real Dropbox the environment is honoured.
    """
    ca_certs = sandbox_ca_certs()
    if ca_certs:
        session.verify = ca_certs
        session.trust_env = False
    return session


def http_session():
    """The process's pooled HTTPS session, shared by every client (requests' pool is thread-safe)."""
    pid = os.getpid()
    session = _sessions.get(pid)
    if session is None:
        with _session_lock:
            session = _sessions.get(pid)
            if session is None:
                session = trust_sandbox_ca(
                    dropbox.create_session(
                        max_connections=settings.DROPBOX_MAX_CONNECTIONS,
                        ca_certs=sandbox_ca_certs(),
                    )
                )
                _sessions.clear()
                _sessions[pid] = session
    return session


def _connection_of(engagement: Engagement) -> DropboxConnection:
    connection = DropboxConnection.objects.filter(engagement_id=engagement.pk).first()
    if connection is None:
        raise DropboxNotConnected(
            _("The engagement %(reference)s is not connected to Dropbox.")
            % {"reference": engagement.reference}
        )
    return connection


def team_client_for_token(refresh_token: str, *, timeout: float | None = None) -> dropbox.DropboxTeam:
    """A team client for a refresh token that is not stored yet (while connecting)."""
    return dropbox.DropboxTeam(
        oauth2_refresh_token=refresh_token,
        app_key=settings.DROPBOX_APP_KEY,
        app_secret=settings.DROPBOX_APP_SECRET or None,
        session=http_session(),
        timeout=timeout if timeout is not None else settings.DROPBOX_TIMEOUT_SECONDS,
        max_retries_on_error=0,
        max_retries_on_rate_limit=0,
        user_agent=USER_AGENT,
    )


def files_client_for(
    team: dropbox.DropboxTeam, *, admin_member_id: str, root_namespace_id: str
) -> dropbox.Dropbox:
    return team.as_admin(admin_member_id).with_path_root(dropbox.common.PathRoot.root(root_namespace_id))


@dataclass
class _CachedClients:
    connection_pk: int
    refresh_token_encrypted: str
    team: dropbox.DropboxTeam
    files: dropbox.Dropbox


def _clients(engagement: Engagement) -> _CachedClients:
    return _clients_for_connection(_connection_of(engagement))


def _clients_for_connection(connection: DropboxConnection) -> _CachedClients:
    engagement_pk = connection.engagement_id
    # A forked worker inherits the parent's thread-locals; its clients must not share the
    # parent's sockets, so the cache belongs to one process.
    if getattr(_thread_clients, "pid", None) != os.getpid():
        _thread_clients.pid = os.getpid()
        _thread_clients.by_engagement = {}
    cache: dict[int, _CachedClients] = _thread_clients.by_engagement
    cached = cache.get(engagement_pk)
    if (
        cached is not None
        and cached.connection_pk == connection.pk
        and cached.refresh_token_encrypted == connection.refresh_token_encrypted
    ):
        return cached
    try:
        refresh_token = connection.refresh_token()
    except SecretUnreadable:
        raise DropboxAccessLost(
            _(
                "The stored Dropbox token cannot be read with the configured encryption keys "
                "(FIELD_ENCRYPTION_KEY or SECRET_KEY changed). An admin must disconnect Dropbox and "
                "connect it again."
            )
        ) from None
    team = team_client_for_token(refresh_token)
    cached = _CachedClients(
        connection_pk=connection.pk,
        refresh_token_encrypted=connection.refresh_token_encrypted,
        team=team,
        files=files_client_for(
            team,
            admin_member_id=connection.admin_member_id,
            root_namespace_id=connection.root_namespace_id,
        ),
    )
    cache[engagement_pk] = cached
    return cached


def team_client(engagement: Engagement) -> dropbox.DropboxTeam:
    """The team-admin client of the engagement's Dropbox team. Raises DropboxNotConnected."""
    return _clients(engagement).team


def team_client_for_connection(connection: DropboxConnection) -> dropbox.DropboxTeam:
    """team_client() for a connection row already loaded (saves the query)."""
    return _clients_for_connection(connection).team


def files_client(engagement: Engagement) -> dropbox.Dropbox:
    """A files client acting as the connecting team admin, rooted at the team space.

    Raises DropboxNotConnected when the engagement has no connection.
    """
    return _clients(engagement).files


def forget_clients(engagement: Engagement) -> None:
    """Drop this thread's cached clients of the engagement (after a disconnect)."""
    cache = getattr(_thread_clients, "by_engagement", None)
    if cache:
        cache.pop(engagement.pk, None)
