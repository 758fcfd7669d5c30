"""Dropbox's content_hash, computed while a request body streams to disk.

Dropbox splits a file into 4 MiB blocks, takes the SHA-256 of each block, and hashes the
concatenation of those digests with SHA-256 again; an empty file hashes to SHA-256(b"").
The SDK ships the reference hasher (dropbox.content_hash.DropboxContentHasher); it is reused
here so the sandbox and the client cannot disagree.
"""

import queue
import threading
from pathlib import Path

from dropbox.content_hash import DropboxContentHasher

BLOCK_SIZE = DropboxContentHasher.BLOCK_SIZE
CHUNK_SIZE = 1024 * 1024
PIPELINE_DEPTH = 8


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

    Returns the content hash of what was written. Receiving (TLS) runs in the calling thread
    while a helper thread hashes and writes the previous chunks (both release the GIL), so a
    large body goes at the speed of the slower side rather than the sum of both. At most
    PIPELINE_DEPTH chunks of 1 MiB are in memory, so a 150 MiB upload costs a few MiB of RAM.
    """
    if length <= CHUNK_SIZE:
        data = _read_exactly(source, length)
        destination.write_bytes(data)
        return content_hash_of_bytes(data)
    chunks: queue.Queue = queue.Queue(maxsize=PIPELINE_DEPTH)
    result: dict = {}

    def hash_and_write():
        hasher = DropboxContentHasher()
        try:
            with open(destination, "wb") as handle:
                while (chunk := chunks.get()) is not None:
                    hasher.update(chunk)
                    handle.write(chunk)
            result["hash"] = hasher.hexdigest()
        except BaseException as error:  # noqa: BLE001 - handed back to the receiving thread
            result["error"] = error
            while chunks.get() is not None:  # keep draining so the receiver never blocks
                pass

    writer = threading.Thread(target=hash_and_write, name="sandbox-body-writer", daemon=True)
    writer.start()
    remaining = length
    try:
        while remaining > 0:
            chunk = source.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                raise IncompleteBody(f"body ended {remaining} bytes early")
            chunks.put(chunk)
            remaining -= len(chunk)
    finally:
        chunks.put(None)
        writer.join()
    if "error" in result:
        raise result["error"]
    return result["hash"]


def _read_exactly(source, length: int) -> bytes:
    parts, remaining = [], length
    while remaining > 0:
        chunk = source.read(remaining)
        if not chunk:
            raise IncompleteBody(f"body ended {remaining} bytes early")
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def discard(source, length: int) -> None:
    """Read and drop `length` bytes so the connection can carry the next request."""
    remaining = length
    while remaining > 0:
        chunk = source.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            return
        remaining -= len(chunk)


def copy_exactly(source, target, length: int) -> None:
    """Copy exactly `length` bytes from `source` to the file object `target`, in chunks."""
    remaining = length
    while remaining > 0:
        chunk = source.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            raise IncompleteBody(f"body ended {remaining} bytes early")
        target.write(chunk)
        remaining -= len(chunk)
