"""Dropbox's content hash, computed while a file is read, so each byte is read once.

Dropbox splits the content into 4 MiB blocks, takes the SHA-256 of each block, and the
SHA-256 of those digests concatenated; an empty file hashes the empty string. See
https://www.dropbox.com/developers/reference/content-hash.
"""

import hashlib

BLOCK_SIZE = 4 * 1024 * 1024


class ContentHasher:
    """Feed bytes in any pieces with update(); hexdigest() gives Dropbox's content hash."""

    __slots__ = ("_block_digests", "_block", "_block_filled")

    def __init__(self) -> None:
        self._block_digests = hashlib.sha256()
        self._block = hashlib.sha256()
        self._block_filled = 0

    def update(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            room = BLOCK_SIZE - self._block_filled
            piece = view[:room]
            self._block.update(piece)
            self._block_filled += len(piece)
            view = view[len(piece) :]
            if self._block_filled == BLOCK_SIZE:
                self._close_block()

    def _close_block(self) -> None:
        self._block_digests.update(self._block.digest())
        self._block = hashlib.sha256()
        self._block_filled = 0

    def hexdigest(self) -> str:
        """The hash so far; the hasher can go on being fed afterwards."""
        total = self._block_digests.copy()
        if self._block_filled:
            total.update(self._block.digest())
        return total.hexdigest()


def content_hash_of_bytes(data: bytes) -> str:
    hasher = ContentHasher()
    hasher.update(data)
    return hasher.hexdigest()


def content_hash_of_file(path: str | int, *, chunk_size: int = BLOCK_SIZE) -> str:
    """Of the file at `path`, or of an open descriptor (closed afterwards)."""
    hasher = ContentHasher()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            hasher.update(chunk)
    return hasher.hexdigest()
