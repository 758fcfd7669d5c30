"""`manage.py dropbox_connect REF`: the no-redirect flow, which completes by itself against the sandbox."""

import io

import certifi
import pytest
from django.core.management import CommandError, call_command

from dropbox_integration.models import DropboxConnection


def test_connects_an_engagement_from_the_terminal(dropbox_sandbox, engagement, capsys):
    call_command("dropbox_connect", engagement.reference)
    connection = DropboxConnection.objects.get(engagement=engagement)
    assert connection.connected_by is None
    assert connection.team_name == engagement.customer.name
    assert connection.admin_member_id and connection.root_namespace_id
    assert f"{engagement.reference} is connected to the Dropbox team “{connection.team_name}”" in (
        capsys.readouterr().out
    )


def test_unknown_reference_is_a_sentence(db):
    with pytest.raises(CommandError, match="No engagement has the reference 'MF-1999-0001'"):
        call_command("dropbox_connect", "MF-1999-0001")


def test_an_engagement_already_connected_is_refused(connected_engagement):
    with pytest.raises(CommandError, match="already connected"):
        call_command("dropbox_connect", connected_engagement.reference)
    assert DropboxConnection.objects.filter(engagement=connected_engagement).count() == 1


def test_an_unreachable_sandbox_is_a_sentence(dropbox_sandbox, engagement, settings):
    settings.DROPBOX_SANDBOX_CA = certifi.where()  # a CA that does not vouch for the sandbox: TLS fails
    with pytest.raises(CommandError, match="could not be reached"):
        call_command("dropbox_connect", engagement.reference)
    assert not DropboxConnection.objects.exists()


def test_manual_mode_prints_the_url_and_a_wrong_code_is_a_sentence(
    dropbox_sandbox, engagement, monkeypatch, capsys
):
    monkeypatch.setattr("sys.stdin", io.StringIO("not-a-code\n"))  # what the person types
    with pytest.raises(CommandError, match="did not accept the authorization code"):
        call_command("dropbox_connect", engagement.reference, "--manual")
    assert "/oauth2/authorize?" in capsys.readouterr().out
    assert not DropboxConnection.objects.exists()


def test_a_sandbox_never_started_is_a_sentence(db, engagement, settings, tmp_path):
    settings.DROPBOX_SANDBOX_CA = str(tmp_path / "ca.pem")  # the sandbox writes it when it starts
    with pytest.raises(CommandError, match="CA certificate .* does not exist yet"):
        call_command("dropbox_connect", engagement.reference)
