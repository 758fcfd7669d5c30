"""Refresh tokens are encrypted at rest, with keys that can be rotated."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from dropbox_integration.crypto import SecretUnreadable, decrypt_secret, encrypt_secret, reencrypt_secret

TOKEN = "sl.refresh-token-that-must-never-show"


def test_round_trip_with_the_key_derived_from_secret_key(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    stored = encrypt_secret(TOKEN)
    assert TOKEN not in stored
    assert decrypt_secret(stored) == TOKEN


def test_a_new_secret_key_cannot_read_old_tokens_unless_the_old_one_is_a_fallback(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    stored = encrypt_secret(TOKEN)
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test"
    with pytest.raises(SecretUnreadable):
        decrypt_secret(stored)
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert decrypt_secret(stored) == TOKEN


def test_rotation_new_key_first_old_key_still_reads(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old_key
    stored_under_old = encrypt_secret(TOKEN)

    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    assert decrypt_secret(stored_under_old) == TOKEN
    rotated = reencrypt_secret(stored_under_old)

    settings.FIELD_ENCRYPTION_KEY = new_key
    assert decrypt_secret(rotated) == TOKEN
    with pytest.raises(SecretUnreadable):
        decrypt_secret(stored_under_old)


def test_a_malformed_key_stops_with_a_sentence(settings):
    settings.FIELD_ENCRYPTION_KEY = "not-a-fernet-key"
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        encrypt_secret(TOKEN)
