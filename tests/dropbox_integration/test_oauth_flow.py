"""Connect Dropbox from the engagement page: the real OAuth2 code flow with PKCE, end to end."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from dropbox_integration import oauth
from dropbox_integration.models import DropboxConnection
from engagements.models import AuditEntry


def _start(client, engagement):
    response = client.post(reverse("dropbox_integration:connect", args=[engagement.pk]))
    assert response.status_code == 302
    return response["Location"]


def _callback_path(params: dict) -> str:
    return (
        reverse("dropbox_integration:oauth_callback") + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    )


def test_a_coordinator_connects_through_dropbox_and_sees_the_team(
    english, dropbox_sandbox, engagement, coordinator, client_for
):
    client = client_for(coordinator)
    authorize_url = _start(client, engagement)
    query = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(settings.DROPBOX_SANDBOX_URL + "/oauth2/authorize")
    assert query["code_challenge_method"] == ["S256"]
    assert query["token_access_type"] == ["offline"]
    assert query["redirect_uri"] == [oauth.redirect_uri()]
    assert "team_info.read" in query["scope"][0].split()

    callback = oauth.sandbox_approve(authorize_url, team_name="Åkesson Bygg")  # the admin approves
    response = client.get(reverse("dropbox_integration:oauth_callback"), callback, follow=True)

    assert response.redirect_chain[-1][0] == engagement.get_absolute_url()
    page = response.content.decode()
    assert "Connected to the Dropbox team “Åkesson Bygg”." in page
    connection = DropboxConnection.objects.get(engagement=engagement)
    assert connection.team_name == "Åkesson Bygg"
    assert connection.connected_by == coordinator
    assert connection.admin_member_id and connection.root_namespace_id and connection.admin_account_id
    assert "files.content.write" in connection.scopes
    assert AuditEntry.objects.filter(engagement=engagement, action="dropbox.connected").exists()
    assert "Licences" in page


def test_denied_approval_is_a_message_not_an_error(
    english, dropbox_sandbox, engagement, coordinator, client_for
):
    client = client_for(coordinator)
    authorize_url = _start(client, engagement)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    response = client.get(
        reverse("dropbox_integration:oauth_callback"),
        {
            "state": state,
            "error": "access_denied",
            "error_description": "The user chose not to give your app access.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == engagement.get_absolute_url()
    assert "was not approved" in response.content.decode()
    assert not DropboxConnection.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda params: {**params, "state": "x" * 24},  # state from someone else's flow
        lambda params: {key: value for key, value in params.items() if key != "state"},
        lambda params: {**params, "code": "used-or-invented-code"},
    ],
    ids=["forged-state", "missing-state", "unknown-code"],
)
def test_a_tampered_callback_connects_nothing(dropbox_sandbox, engagement, coordinator, client_for, tamper):
    client = client_for(coordinator)
    params = oauth.sandbox_approve(_start(client, engagement))
    response = client.get(reverse("dropbox_integration:oauth_callback"), tamper(params), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == engagement.get_absolute_url()
    assert not DropboxConnection.objects.exists()


def test_the_callback_works_once(dropbox_sandbox, engagement, coordinator, client_for):
    client = client_for(coordinator)
    params = oauth.sandbox_approve(_start(client, engagement))
    client.get(reverse("dropbox_integration:oauth_callback"), params)
    assert DropboxConnection.objects.filter(engagement=engagement).count() == 1

    response = client.get(reverse("dropbox_integration:oauth_callback"), params, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("engagements:list")
    assert DropboxConnection.objects.filter(engagement=engagement).count() == 1


def test_a_callback_without_a_started_flow_is_a_message(db, coordinator, client_for):
    response = client_for(coordinator).get(
        reverse("dropbox_integration:oauth_callback"), {"code": "abc", "state": "def"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("engagements:list")


def test_connecting_a_connected_engagement_is_refused(connected_engagement, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("dropbox_integration:connect", args=[connected_engagement.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == connected_engagement.get_absolute_url()
    assert DropboxConnection.objects.filter(engagement=connected_engagement).count() == 1


def test_dropbox_failing_after_approval_is_a_message(
    dropbox_sandbox, engagement, coordinator, client_for, faults, fast_retries
):
    fast_retries.DROPBOX_RETRY_ATTEMPTS = 1
    client = client_for(coordinator)
    params = oauth.sandbox_approve(_start(client, engagement))
    with faults(server_error=1.0):  # the token exchange works; the API calls after it fail
        response = client.get(reverse("dropbox_integration:oauth_callback"), params, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == engagement.get_absolute_url()
    assert "server error" in response.content.decode()
    assert not DropboxConnection.objects.exists()


def test_connect_without_a_started_sandbox_is_a_message(
    db, engagement, coordinator, client_for, settings, tmp_path
):
    settings.DROPBOX_SANDBOX_CA = str(tmp_path / "ca.pem")
    response = client_for(coordinator).post(
        reverse("dropbox_integration:connect", args=[engagement.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == engagement.get_absolute_url()
    assert "Start the sandbox" in response.content.decode()
