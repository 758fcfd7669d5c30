"""The refresh token of a real connection is stored encrypted and survives a key rotation."""

from django.db import connection as db

from dropbox_integration.client import team_client
from dropbox_integration.models import DropboxConnection
from dropbox_integration.retry import with_retries
from dropbox_integration.services import dropbox_tokens_reencrypt


def _raw_row(pk: int) -> str:
    table = DropboxConnection._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - table name from the model
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_database_row_does_not_contain_the_token(connected_engagement):
    stored = DropboxConnection.objects.get(engagement=connected_engagement)
    token = stored.refresh_token()
    assert len(token) > 20
    row = _raw_row(stored.pk)
    assert token not in row
    assert stored.team_id in row  # the row is the right one, and readable where it should be


def test_a_rotated_key_keeps_the_connection_working(connected_engagement, settings):
    settings.FIELD_ENCRYPTION_KEY = ""  # the key is derived from SECRET_KEY
    stored = DropboxConnection.objects.get(engagement=connected_engagement)
    token, old_ciphertext = stored.refresh_token(), stored.refresh_token_encrypted

    # Rotate Django's key: the old one stays a fallback while the tokens are rewritten...
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"
    assert dropbox_tokens_reencrypt() == 1
    # ...then it goes, and the tokens still read.
    settings.SECRET_KEY_FALLBACKS = []

    stored.refresh_from_db()
    assert stored.refresh_token_encrypted != old_ciphertext
    assert stored.refresh_token() == token
    assert with_retries(team_client(connected_engagement).team_get_info).name == "Åkesson Bygg AB"
