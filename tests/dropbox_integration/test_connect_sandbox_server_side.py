"""In the embedded run, "Connect Dropbox" completes the authorization in the app, server-side:
the browser never goes to the sandbox's HTTPS page (its certificate is the sandbox's own CA)."""

import certifi
import pytest
from django.urls import reverse

from dropbox_integration import oauth
from dropbox_integration.models import DropboxConnection
from engagements.models import AuditEntry

SANDBOX_APPROVAL = {"approve": "in-sandbox"}


def _connect_url(engagement):
    return reverse("dropbox_integration:connect", args=[engagement.pk])


def test_the_panel_asks_for_server_side_approval_in_sandbox_mode(
    dropbox_sandbox, engagement, coordinator, client_for
):
    page = client_for(coordinator).get(engagement.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="approve" value="in-sandbox">' in page
    assert "the app approves the connection itself" in page


def test_connect_returns_to_the_engagement_connected(dropbox_sandbox, engagement, coordinator, client_for):
    client = client_for(coordinator)

    response = client.post(_connect_url(engagement), SANDBOX_APPROVAL)

    # One redirect, to our own page: never to the sandbox's authorize page.
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    connection = DropboxConnection.objects.get(engagement=engagement)
    assert connection.team_name == "Åkesson Bygg AB"  # the sandbox team carries the customer's name
    assert connection.connected_by == coordinator
    assert connection.admin_member_id and connection.root_namespace_id
    assert AuditEntry.objects.filter(engagement=engagement, action="dropbox.connected").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Connected to the Dropbox team “Åkesson Bygg AB”." in page
    assert "Licences" in page


def test_the_flow_state_is_gone_from_the_session_afterwards(
    dropbox_sandbox, engagement, coordinator, client_for
):
    client = client_for(coordinator)
    client.post(_connect_url(engagement), SANDBOX_APPROVAL)

    assert oauth.SESSION_FLOW_KEY not in client.session
    assert oauth.SESSION_CSRF_KEY not in client.session


def test_without_a_sandbox_the_browser_goes_to_dropbox(db, engagement, coordinator, client_for, settings):
    """Real Dropbox: the same button (even if it asked for sandbox approval) starts the redirect flow."""
    settings.DROPBOX_SANDBOX_URL = ""
    settings.DROPBOX_SANDBOX_CA = ""

    response = client_for(coordinator).post(_connect_url(engagement), SANDBOX_APPROVAL)

    assert response.status_code == 302
    assert "/oauth2/authorize?" in response["Location"]
    assert not DropboxConnection.objects.exists()


def test_an_unreachable_sandbox_is_a_message_and_nothing_is_connected(
    dropbox_sandbox, engagement, coordinator, client_for, settings
):
    settings.DROPBOX_SANDBOX_CA = certifi.where()  # a CA that does not vouch for the sandbox: TLS fails

    response = client_for(coordinator).post(_connect_url(engagement), SANDBOX_APPROVAL, follow=True)

    assert response.redirect_chain == [(engagement.get_absolute_url(), 302)]
    assert "could not be reached" in response.content.decode()
    assert not DropboxConnection.objects.exists()


def test_a_connected_engagement_is_not_connected_twice(connected_engagement, coordinator, client_for):
    response = client_for(coordinator).post(_connect_url(connected_engagement), SANDBOX_APPROVAL, follow=True)

    assert "already connected to Dropbox" in response.content.decode()
    assert DropboxConnection.objects.filter(engagement=connected_engagement).count() == 1


def test_a_consultant_gets_403_and_a_customer_403(client_for, engagement, consultant, customer_contact):
    for user in (consultant, customer_contact):
        assert client_for(user).post(_connect_url(engagement), SANDBOX_APPROVAL).status_code == 403
    assert not DropboxConnection.objects.exists()


@pytest.mark.parametrize("role", ["other_sales", "other_consultant"])
def test_staff_not_on_the_engagement_get_404(request, client_for, engagement, role):
    response = client_for(request.getfixturevalue(role)).post(_connect_url(engagement), SANDBOX_APPROVAL)
    assert response.status_code == 404
