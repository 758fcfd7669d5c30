"""The sandbox's own admin routes (/__sandbox__/...), for tests that inject faults or expire tokens.

These talk to the sandbox only; the app under test never calls them.
"""

import hashlib

import requests
from django.conf import settings


def sandbox_admin(path: str, payload: dict | None = None) -> dict:
    url = f"{settings.DROPBOX_SANDBOX_URL}/__sandbox__/{path}"
    if payload is None:
        response = requests.get(url, verify=settings.DROPBOX_SANDBOX_CA, timeout=10)
    else:
        response = requests.post(url, json=payload, verify=settings.DROPBOX_SANDBOX_CA, timeout=10)
    response.raise_for_status()
    return response.json()


def set_faults(**values) -> dict:
    return sandbox_admin("faults", values)


def reset_faults() -> dict:
    return sandbox_admin("faults", {"reset": True})


def expected_content_hash(content: bytes) -> str:
    """Dropbox's content_hash, computed here independently: SHA-256 of the 4 MiB blocks' SHA-256s."""
    block = 4 * 1024 * 1024
    digests = b"".join(hashlib.sha256(content[i : i + block]).digest() for i in range(0, len(content), block))
    return hashlib.sha256(digests).hexdigest()
