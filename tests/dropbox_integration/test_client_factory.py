"""The one client factory works against the sandbox: team routes, team-space files, token refresh."""

import uuid

import dropbox
import pytest

from dropbox_integration.client import files_client, team_client
from dropbox_integration.errors import DropboxNotConnected
from dropbox_integration.models import DropboxConnection
from dropbox_integration.retry import with_retries
from tests.dropbox_integration.sandbox_control import expected_content_hash


def test_team_client_reads_the_team(connected_engagement):
    info = with_retries(team_client(connected_engagement).team_get_info)
    connection = DropboxConnection.objects.get(engagement=connected_engagement)
    assert info.name == "Åkesson Bygg AB" == connection.team_name
    assert info.team_id == connection.team_id
    assert info.num_licensed_users >= info.num_provisioned_users >= 1


def test_files_client_acts_as_the_admin_in_the_team_space(connected_engagement):
    client = files_client(connected_engagement)
    account = with_retries(client.users_get_current_account)
    connection = DropboxConnection.objects.get(engagement=connected_engagement)
    assert account.account_id == connection.admin_account_id
    assert account.root_info.root_namespace_id == connection.root_namespace_id


def test_upload_then_list_through_the_files_client(connected_engagement):
    client = files_client(connected_engagement)
    folder = f"/Ekonomi-{uuid.uuid4().hex[:8]}"
    content = "Årsredovisning 2025\n".encode() * 100
    metadata = with_retries(
        client.files_upload, content, f"{folder}/Rapport.txt", mode=dropbox.files.WriteMode.overwrite
    )
    assert metadata.content_hash == expected_content_hash(content)

    listing = with_retries(client.files_list_folder, folder)
    assert [(entry.name, entry.size) for entry in listing.entries] == [("Rapport.txt", len(content))]


def test_expired_access_tokens_are_refreshed_by_the_client(connected_engagement, dropbox_sandbox):
    client = team_client(connected_engagement)
    with_retries(client.team_get_info)
    dropbox_sandbox.expire_access_tokens()
    assert with_retries(client.team_get_info).name == "Åkesson Bygg AB"


def test_clients_are_reused_within_a_thread(connected_engagement):
    assert files_client(connected_engagement) is files_client(connected_engagement)
    assert team_client(connected_engagement) is team_client(connected_engagement)


def test_an_engagement_without_connection_gets_a_sentence(engagement):
    with pytest.raises(DropboxNotConnected, match="is not connected to Dropbox"):
        files_client(engagement)
