"""Dropbox's OAuth2 code flow with PKCE, for the web (redirect) and the terminal (no redirect).

The app is a team-linked app: the team admin who approves it hands us a team token with
`token_access_type=offline`, i.e. a refresh token we keep (encrypted) and short-lived access
tokens the SDK fetches as it needs them. PKCE means no app secret has to be sent with the code;
with DROPBOX_APP_SECRET set, the SDK still uses the secret to refresh.

The web flow keeps its CSRF token, PKCE verifier and the engagement being connected in the
user's session between the redirect to Dropbox and the callback.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from dropbox.oauth import (
    BadRequestException,
    BadStateException,
    CsrfException,
    DropboxOAuth2Flow,
    DropboxOAuth2FlowNoRedirect,
    NotApprovedException,
    ProviderException,
)

from dropbox_integration.client import sandbox_ca_certs, trust_sandbox_ca
from dropbox_integration.errors import DropboxConnectFailed

# What the app does in the customer's team: read the team and its licences, add members and
# groups, create the team folders and fill them, share them with the right people.
TEAM_SCOPES = [
    "account_info.read",
    "team_info.read",
    "team_data.member",
    "team_data.team_space",
    "members.read",
    "members.write",
    "members.delete",
    "groups.read",
    "groups.write",
    "team_data.content.read",
    "team_data.content.write",
    "files.metadata.read",
    "files.metadata.write",
    "files.content.read",
    "files.content.write",
    "sharing.read",
    "sharing.write",
]

SESSION_CSRF_KEY = "dropbox-oauth-csrf"
SESSION_FLOW_KEY = "dropbox-oauth-flow"
# How the sandbox's no-redirect page shows the code: <code id="auth-code">...</code>.
_CODE_IN_PAGE = re.compile(r'<code[^>]*id="auth-code"[^>]*>([^<]+)</code>')


@dataclass(frozen=True)
class AuthorizedToken:
    """What the token endpoint gave us. repr() leaves the token out."""

    refresh_token: str
    team_id: str
    scopes: list[str]

    def __repr__(self) -> str:
        return f"AuthorizedToken(team_id={self.team_id!r}, scopes={self.scopes!r})"


def redirect_uri() -> str:
    """The callback registered in the Dropbox app console: SITE_URL + /dropbox/oauth/callback/."""
    return settings.SITE_URL + reverse("dropbox_integration:oauth_callback")


def _flow_options() -> dict:
    return {
        "consumer_key": settings.DROPBOX_APP_KEY,
        "consumer_secret": settings.DROPBOX_APP_SECRET or None,
        "token_access_type": "offline",
        "scope": TEAM_SCOPES,
        "use_pkce": True,
        "timeout": settings.DROPBOX_TIMEOUT_SECONDS,
        "ca_certs": sandbox_ca_certs(),
    }


def _web_flow(session) -> DropboxOAuth2Flow:
    flow = DropboxOAuth2Flow(
        redirect_uri=redirect_uri(),
        session=session,
        csrf_token_session_key=SESSION_CSRF_KEY,
        **_flow_options(),
    )
    trust_sandbox_ca(flow.requests_session)
    return flow


def web_flow_start(*, session, engagement_pk: int) -> str:
    """Start the redirect flow for an engagement; returns the Dropbox URL to send the user to."""
    flow = _web_flow(session)
    url = flow.start()
    session[SESSION_FLOW_KEY] = {"engagement": engagement_pk, "verifier": flow.code_verifier}
    return url


def web_flow_engagement_pk(session) -> int | None:
    """The engagement the flow in this session was started for, if one was."""
    state = session.get(SESSION_FLOW_KEY) or {}
    return state.get("engagement")


def web_flow_finish(*, session, query_params: dict) -> AuthorizedToken:
    """Finish the redirect flow from the callback's query parameters.

    The flow's state is used once: it is removed from the session whatever the outcome.
    Raises DropboxConnectFailed with a sentence for every way this can go wrong.
    """
    state = session.pop(SESSION_FLOW_KEY, None) or {}
    flow = _web_flow(session)
    # The flow object made a new PKCE pair; the token endpoint wants the one sent with start().
    flow.code_verifier = state.get("verifier")
    if not flow.code_verifier:
        session.pop(SESSION_CSRF_KEY, None)
        raise DropboxConnectFailed(
            _("The Dropbox sign-in was not started from this browser session, or it expired. Start again.")
        )
    try:
        result = flow.finish(query_params)
    except NotApprovedException:
        raise DropboxConnectFailed(
            _("Access to Dropbox was not approved, so nothing was connected.")
        ) from None
    except (BadStateException, CsrfException, BadRequestException):
        raise DropboxConnectFailed(
            _(
                "The answer from Dropbox did not match the sign-in started here "
                "(expired or tampered). Start again."
            )
        ) from None
    except ProviderException as error:
        raise DropboxConnectFailed(
            _("Dropbox refused the connection: %(reason)s") % {"reason": str(error)}
        ) from None
    except requests.exceptions.HTTPError as error:
        raise _token_refused(error) from None
    except requests.exceptions.RequestException:
        raise _unreachable() from None
    finally:
        session.pop(SESSION_CSRF_KEY, None)
    return _authorized(result)


def no_redirect_flow() -> DropboxOAuth2FlowNoRedirect:
    """For the terminal: `.start()` gives the URL to open, `finish_no_redirect(flow, code)` the token."""
    flow = DropboxOAuth2FlowNoRedirect(**_flow_options())
    trust_sandbox_ca(flow.requests_session)
    return flow


def no_redirect_flow_finish(flow: DropboxOAuth2FlowNoRedirect, code: str) -> AuthorizedToken:
    try:
        result = flow.finish(code.strip())
    except requests.exceptions.HTTPError as error:
        raise _token_refused(error) from None
    except requests.exceptions.RequestException:
        raise _unreachable() from None
    return _authorized(result)


def _authorized(result) -> AuthorizedToken:
    if not result.refresh_token:
        raise DropboxConnectFailed(
            _("Dropbox gave no refresh token; the app must ask for offline access. Nothing was connected.")
        )
    scopes = result.scope.split() if isinstance(result.scope, str) else list(result.scope or [])
    # For a team-linked app the SDK puts the team id in account_id.
    return AuthorizedToken(refresh_token=result.refresh_token, team_id=result.account_id or "", scopes=scopes)


def _token_refused(error: requests.exceptions.HTTPError) -> DropboxConnectFailed:
    status = error.response.status_code if error.response is not None else None
    if status is not None and status >= 500:
        return _unreachable()
    return DropboxConnectFailed(
        _(
            "Dropbox did not accept the authorization code "
            "(it expires after a few minutes and works once). Start again."
        )
    )


def _unreachable() -> DropboxConnectFailed:
    return DropboxConnectFailed(
        _(
            "Dropbox could not be reached to finish the connection. "
            "Check the network (or the sandbox) and try again."
        )
    )


def sandbox_approve(authorize_url: str, *, team_name: str | None = None) -> dict[str, str]:
    """Do what the admin's browser does at the sandbox's authorize page, which approves at once.

    Returns the parameters Dropbox hands back: for the redirect flow the query of the redirect
    (`code`, `state`, or `error`), for the no-redirect flow the `code` the page shows.
    Only for the sandbox: real Dropbox needs a person to sign in and approve. The sandbox founds
    a new team per approval, named `team_name` when given (a sandbox-only parameter).
    """
    if not settings.DROPBOX_SANDBOX_URL:
        raise DropboxConnectFailed(
            _("Only the Dropbox sandbox approves by itself; open the URL in a browser.")
        )
    if team_name:
        authorize_url += "&" + urlencode({"sandbox_team_name": team_name})
    try:
        response = requests.get(
            authorize_url, verify=sandbox_ca_certs() or True, allow_redirects=False, timeout=30
        )
    except requests.exceptions.RequestException:
        raise _unreachable() from None
    location = response.headers.get("Location")
    if response.is_redirect and location:
        return dict(parse_qsl(urlsplit(location).query))
    if response.ok:
        if response.headers.get("Content-Type", "").startswith("application/json"):
            return {key: str(value) for key, value in response.json().items()}
        found = _CODE_IN_PAGE.search(response.text)
        if found:
            return {"code": found.group(1)}
    raise DropboxConnectFailed(
        _("The Dropbox sandbox did not approve the request (HTTP %(status)s).")
        % {"status": response.status_code}
    )


def sandbox_web_flow_complete(*, session, engagement_pk: int, team_name: str) -> AuthorizedToken:
    """The embedded run's "Connect Dropbox": the whole redirect flow, done by the app itself.

    1. Start the web flow as for real Dropbox (PKCE verifier and CSRF state in the session).
    2. Approve at the sandbox's authorize URL server-side (sandbox_approve), so the browser
       never opens the sandbox's HTTPS page, whose certificate only the app trusts.
    3. Finish with the same checks the callback makes (state, one use, token exchange).
    Only with DROPBOX_SANDBOX_URL set; raises DropboxConnectFailed with a sentence.
    """
    authorize_url = web_flow_start(session=session, engagement_pk=engagement_pk)
    try:
        callback_params = sandbox_approve(authorize_url, team_name=team_name)
    except DropboxConnectFailed:
        session.pop(SESSION_FLOW_KEY, None)
        session.pop(SESSION_CSRF_KEY, None)
        raise
    return web_flow_finish(session=session, query_params=callback_params)
