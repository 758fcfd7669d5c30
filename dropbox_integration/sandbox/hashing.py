"""Dropbox's content_hash, computed while a request body streams to disk.

Dropbox splits a file into 4 MiB blocks, takes the SHA-256 of each block, and hashes the
concatenation of those digests with SHA-256 again; an empty file hashes to SHA-256(b"").
The SDK ships the reference hasher (dropbox.content_hash.DropboxContentHasher); it is reused
here so the sandbox and the client cannot disagree.
"""

import hashlib
import os
from pathlib import Path

from dropbox.content_hash import DropboxContentHasher

BLOCK_SIZE = DropboxContentHasher.BLOCK_SIZE
CHUNK_SIZE = 1024 * 1024


def content_hash_of_bytes(data: bytes) -> str:
    hasher = DropboxContentHasher()
    hasher.update(data)
    return hasher.hexdigest()


def content_hash_of_file(path: Path, *, offset: int = 0, length: int | None = None) -> str:
    """The content hash of `length` bytes of `path` starting at `offset` (all of it by default)."""
    hasher = DropboxContentHasher()
    with open(path, "rb") as handle:
        handle.seek(offset)
        remaining = length
        while remaining is None or remaining > 0:
            size = CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining)
            chunk = handle.read(size)
            if not chunk:
                break
            hasher.update(chunk)
            if remaining is not None:
                remaining -= len(chunk)
    return hasher.hexdigest()


class IncompleteBody(Exception):
    """The client closed the connection before sending Content-Length bytes."""


def stream_to_file(source, destination: Path, length: int) -> str:
    """Copy exactly `length` bytes from the file-like `source` into `destination`, in chunks.

    Returns the content hash of what was written. Never holds more than one chunk in memory,
    so a 150 MiB upload costs 1 MiB of RAM.
    """
    hasher = DropboxContentHasher()
    remaining = length
    with open(destination, "wb") as handle:
        while remaining > 0:
            chunk = source.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                raise IncompleteBody(f"body ended {remaining} bytes early")
            hasher.update(chunk)
            handle.write(chunk)
            remaining -= len(chunk)
    return hasher.hexdigest()


def discard(source, length: int) -> None:
    """Read and drop `length` bytes so the connection can carry the next request."""
    remaining = length
    while remaining > 0:
        chunk = source.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            return
        remaining -= len(chunk)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
