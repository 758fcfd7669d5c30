"""Helpers for checking what landed in the sandbox."""

import hashlib


def expected_content_hash(content: bytes) -> str:
    """Dropbox's content_hash, computed here independently: SHA-256 of the 4 MiB blocks' SHA-256s."""
    block = 4 * 1024 * 1024
    digests = b"".join(hashlib.sha256(content[i : i + block]).digest() for i in range(0, len(content), block))
    return hashlib.sha256(digests).hexdigest()
