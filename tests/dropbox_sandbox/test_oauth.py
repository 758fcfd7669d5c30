"""The OAuth2 code flow with PKCE, refresh tokens, expiry and revocation, through the real SDK."""

import re

import dropbox
import pytest
from dropbox.oauth import DropboxOAuth2Flow, DropboxOAuth2FlowNoRedirect

from tests.dropbox_fixtures import SANDBOX_APP_KEY


def _no_redirect_flow(sandbox):
    flow = DropboxOAuth2FlowNoRedirect(
        SANDBOX_APP_KEY, use_pkce=True, token_access_type="offline", ca_certs=str(sandbox.ca_path)
    )
    flow.requests_session.trust_env = False
    return flow


def test_no_redirect_flow_gives_a_team_token_for_a_new_team(dropbox_sandbox):
    first = dropbox_sandbox.authorize_new_team(team_name="Åkesson Bygg AB", licences=7)
    second = dropbox_sandbox.authorize_new_team()

    assert first["team_id"] != second["team_id"]
    info = dropbox_sandbox.team_client(first).team_get_info()
    assert (info.name, info.num_licensed_users, info.num_provisioned_users) == ("Åkesson Bygg AB", 7, 1)
    account = (
        dropbox_sandbox.team_client(first).as_admin(first["admin_member_id"]).users_get_current_account()
    )
    assert account.team.id == first["team_id"]
    assert account.root_info.root_namespace_id == first["root_namespace_id"]


def test_redirect_flow_returns_code_and_state_to_the_redirect_uri(dropbox_sandbox):
    session = {}
    flow = DropboxOAuth2Flow(
        SANDBOX_APP_KEY,
        redirect_uri="https://app.example/dropbox/callback",
        session=session,
        csrf_token_session_key="csrf",
        use_pkce=True,
        token_access_type="offline",
        ca_certs=str(dropbox_sandbox.ca_path),
    )
    flow.requests_session.trust_env = False
    response = flow.requests_session.get(
        flow.start(url_state="engagement-7"), allow_redirects=False, timeout=10
    )

    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("https://app.example/dropbox/callback?")
    query = dict(re.findall(r"([a-z_]+)=([^&]+)", location.split("?", 1)[1]))
    from urllib.parse import unquote

    result = flow.finish({"code": unquote(query["code"]), "state": unquote(query["state"])})
    assert result.url_state == "engagement-7"
    assert result.refresh_token and result.access_token


def test_wrong_pkce_verifier_is_refused(dropbox_sandbox):
    flow = _no_redirect_flow(dropbox_sandbox)
    page = flow.requests_session.get(flow.start(), timeout=10).text
    code = re.search(r'id="auth-code">([^<]+)<', page).group(1)
    flow.code_verifier = "not-the-verifier-that-made-the-challenge-0123456789abcdef0123456789"

    response = flow.requests_session.post(
        f"{dropbox_sandbox.url}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": SANDBOX_APP_KEY,
            "code_verifier": "x",
        },
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_works_once(dropbox_sandbox):
    flow = _no_redirect_flow(dropbox_sandbox)
    page = flow.requests_session.get(flow.start(), timeout=10).text
    code = re.search(r'id="auth-code">([^<]+)<', page).group(1)
    flow.finish(code)
    with pytest.raises(Exception, match="400"):
        flow.finish(code)


def test_expired_access_token_is_refreshed_by_the_sdk(dropbox_sandbox, sandbox_team):
    team = dropbox_sandbox.team_client(sandbox_team)
    team.team_get_info()
    dropbox_sandbox.reset_call_counts()
    dropbox_sandbox.expire_access_tokens()

    assert team.team_get_info().team_id == sandbox_team["team_id"]
    counts = dropbox_sandbox.call_counts()
    assert counts["team/get_info"] == 2  # 401 expired_access_token, then the retry
    assert counts["oauth2/token"] == 1


def test_expired_token_without_refresh_token_is_an_auth_error(dropbox_sandbox, sandbox_team):
    dropbox_sandbox.expire_access_tokens()
    team = dropbox.DropboxTeam(
        oauth2_access_token=sandbox_team["access_token"], session=dropbox_sandbox.session()
    )
    with pytest.raises(dropbox.exceptions.AuthError) as error:
        team.team_get_info()
    assert error.value.error.is_expired_access_token()


def test_unknown_token_is_invalid(dropbox_sandbox):
    team = dropbox.DropboxTeam(oauth2_access_token="nonsense", session=dropbox_sandbox.session())
    with pytest.raises(dropbox.exceptions.AuthError) as error:
        team.team_get_info()
    assert error.value.error.is_invalid_access_token()


def test_revoked_refresh_token_cannot_be_used(dropbox_sandbox, sandbox_team):
    admin = dropbox_sandbox.team_client(sandbox_team).as_admin(sandbox_team["admin_member_id"])
    admin.auth_token_revoke()

    response = dropbox_sandbox.session().post(
        f"{dropbox_sandbox.url}/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": sandbox_team["refresh_token"],
            "client_id": "x",
        },
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
