"""Encryption of secrets at rest (Dropbox refresh tokens).

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under a MultiFernet, so keys can be
rotated: the first key encrypts, every key decrypts.

Keys, in order:
1. FIELD_ENCRYPTION_KEY: one or more comma-separated Fernet keys (urlsafe base64 of 32 bytes,
   `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
   To rotate: put the new key first, keep the old one after it, run
   `dropbox_integration.services.dropbox_tokens_reencrypt()`, then drop the old key.
2. When FIELD_ENCRYPTION_KEY is unset: a key derived from SECRET_KEY with HKDF-SHA256, plus
   keys derived from SECRET_KEY_FALLBACKS so rotating Django's key does not lose the tokens.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Fixed, public context for the derivation: the secret is SECRET_KEY; the salt and info only
# keep this key apart from any other key someone might derive from SECRET_KEY.
_HKDF_SALT = b"macforum-projects/field-encryption"
_HKDF_INFO = b"dropbox refresh tokens v1"


class SecretUnreadable(Exception):
    """The stored secret was encrypted with a key that is no longer configured."""


def _derive_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode("utf-8")))


def _configured_keys() -> list[bytes]:
    raw = settings.FIELD_ENCRYPTION_KEY.strip()
    if raw:
        return [part.strip().encode("ascii") for part in raw.split(",") if part.strip()]
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [_derive_key(secret) for secret in secrets]


@cache
def _multi_fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be one or more comma-separated Fernet keys (32 bytes, urlsafe base64)."
        ) from error


def _fernet() -> MultiFernet:
    # Keyed by the configured keys, so tests that override settings get their own instance.
    return _multi_fernet(tuple(_configured_keys()))


def encrypt_secret(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_secret(ciphertext: str) -> str:
    try:
        return _fernet().decrypt(ciphertext.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise SecretUnreadable("The stored secret cannot be decrypted with the configured keys.") from error


def reencrypt_secret(ciphertext: str) -> str:
    """The same secret under the current first key (MultiFernet.rotate)."""
    try:
        return _fernet().rotate(ciphertext.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise SecretUnreadable("The stored secret cannot be decrypted with the configured keys.") from error
