"""The Dropbox panel on the engagement page: team, licences, who connected, buttons, errors."""

from cryptography.fernet import Fernet
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dropbox_integration.models import DropboxConnection
from tests.factories import make_engagement


def _page(client, engagement) -> str:
    response = client.get(reverse("engagements:detail", args=[engagement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_unconnected_engagement_offers_connect_to_those_who_may(
    db, engagement, coordinator, consultant, client_for
):
    assert "Connect Dropbox" in _page(client_for(coordinator), engagement)
    page = _page(client_for(consultant), engagement)
    assert "Not connected" in page
    assert "Connect Dropbox" not in page


def test_connected_engagement_shows_team_licences_and_who_connected(
    english, connected_engagement, coordinator, client_for
):
    page = _page(client_for(coordinator), connected_engagement)
    assert "Åkesson Bygg AB" in page
    assert "1 of 25 in use" in page  # the sandbox team: 25 licences, the admin uses one
    assert coordinator.get_full_name() in page
    assert "Disconnect Dropbox" not in page  # only admins disconnect


def test_admin_sees_the_disconnect_button(connected_engagement, admin_user, client_for):
    assert "Disconnect Dropbox" in _page(client_for(admin_user), connected_engagement)


def test_the_token_is_never_in_the_page_or_the_admin(connected_engagement, admin_user, client_for):
    stored = DropboxConnection.objects.get(engagement=connected_engagement)
    token = stored.refresh_token()
    client = client_for(admin_user)
    pages = [
        _page(client, connected_engagement),
        client.get(reverse("admin:dropbox_integration_dropboxconnection_changelist")).content.decode(),
        client.get(
            reverse("admin:dropbox_integration_dropboxconnection_change", args=[stored.pk])
        ).content.decode(),
    ]
    for page in pages:
        assert "Åkesson Bygg AB" in page
        assert token not in page
        assert stored.refresh_token_encrypted not in page
    assert token not in repr(stored) and token not in str(stored)


def test_an_unreachable_dropbox_gives_an_error_line_not_an_error_page(
    connected_engagement, coordinator, client_for, faults
):
    faults(server_error=1.0)
    page = _page(client_for(coordinator), connected_engagement)
    assert "Åkesson Bygg AB" in page  # from the database
    assert "server error" in page


def test_the_panel_costs_one_query_and_no_dropbox_call_once_cached(
    connected_engagement, coordinator, client_for, django_assert_max_num_queries, dropbox_sandbox
):
    client = client_for(coordinator)
    unconnected = make_engagement(seller=connected_engagement.seller, coordinator=coordinator)
    _page(client, unconnected)
    _page(client, connected_engagement)  # the team figures are now cached
    with CaptureQueriesContext(connection) as unconnected_page:
        _page(client, unconnected)
    dropbox_sandbox.reset_call_counts()

    with django_assert_max_num_queries(len(unconnected_page) + 1):
        _page(client, connected_engagement)

    assert "team/get_info" not in dropbox_sandbox.call_counts()


def test_a_token_the_keys_cannot_read_is_an_error_line(
    connected_engagement, coordinator, client_for, settings
):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()  # not the key it was stored with
    page = _page(client_for(coordinator), connected_engagement)
    assert "cannot be read with the configured encryption keys" in page
