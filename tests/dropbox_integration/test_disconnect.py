"""An admin disconnects: the token is revoked at Dropbox, the row goes, the audit stays."""

import pytest
from django.urls import reverse

from dropbox_integration.client import team_client, team_client_for_token
from dropbox_integration.errors import DropboxAccessLost, DropboxNotConnected
from dropbox_integration.models import DropboxConnection
from dropbox_integration.retry import with_retries
from dropbox_integration.services import dropbox_disconnect
from engagements.models import AuditEntry


def test_admin_disconnects_from_the_engagement_page(connected_engagement, admin_user, client_for):
    token = DropboxConnection.objects.get(engagement=connected_engagement).refresh_token()
    with_retries(team_client(connected_engagement).team_get_info)  # a cached client exists

    response = client_for(admin_user).post(
        reverse("dropbox_integration:disconnect", args=[connected_engagement.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == connected_engagement.get_absolute_url()
    assert "Dropbox is disconnected" in response.content.decode()
    assert "Connect Dropbox" in response.content.decode()
    assert not DropboxConnection.objects.filter(engagement=connected_engagement).exists()
    entry = AuditEntry.objects.get(engagement=connected_engagement, action="dropbox.disconnected")
    assert entry.actor == admin_user
    assert entry.details["revoked"] is True
    with pytest.raises(DropboxNotConnected):
        team_client(connected_engagement)
    with pytest.raises(DropboxAccessLost):  # Dropbox no longer honours the token
        with_retries(team_client_for_token(token).team_get_info)


def test_disconnect_goes_through_when_dropbox_is_down(connected_engagement, admin_user, faults, settings):
    settings.DROPBOX_RETRY_ATTEMPTS = 1
    settings.DROPBOX_RETRY_BASE_SECONDS = 0.01
    faults(server_error=1.0)
    dropbox_disconnect(engagement=connected_engagement, user=admin_user)
    assert not DropboxConnection.objects.filter(engagement=connected_engagement).exists()
    entry = AuditEntry.objects.get(engagement=connected_engagement, action="dropbox.disconnected")
    assert entry.details["revoked"] is False


def test_disconnecting_twice_is_a_message(connected_engagement, admin_user, client_for):
    client = client_for(admin_user)
    url = reverse("dropbox_integration:disconnect", args=[connected_engagement.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "is not connected to Dropbox" in response.content.decode()


def test_the_admin_delete_disconnects_properly(connected_engagement, admin_user, client_for):
    connection = DropboxConnection.objects.get(engagement=connected_engagement)
    client_for(admin_user).post(
        reverse("admin:dropbox_integration_dropboxconnection_delete", args=[connection.pk]), {"post": "yes"}
    )
    assert not DropboxConnection.objects.exists()
    assert AuditEntry.objects.filter(action="dropbox.disconnected", actor=admin_user).exists()
