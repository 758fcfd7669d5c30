"""A folder's listing as the last scan saw it, kept on the folder's manifest row, so a rescan
compares listings instead of reading every row.

Why: a rescan of an unchanged share used to read every manifest row and compare it with the entry
on the share, Python work per entry in the scan's process. The walker process (migration.scan.walk)
already holds each listing, so it encodes it here, as bytes, at C speed; the scan stores those bytes
on the folder's row (`ManifestEntry.listing_fingerprint`). The next rescan compares the stored
listing with the new one as two sets of (name, mode, inode, size, mtime_ns) tuples: only the names
in their difference (changed, new, gone) need their rows read and compared (migration.scan.rescan); an
entry whose lstat() answers what it answered last time has a row that says the same already.

That holds only while nothing but a finished scan wrote the rows, so a stored fingerprint carries
the id of the scan that wrote it, and the scan uses it only when

1. that scan finished (a scan killed half-way may have changed rows after storing a listing, or
   stored a listing whose gone rows were never reconciled);
2. the folder kept its row and target: a subfolder reaches its visit with its stored fingerprint
   only when the row comparison (or the parent's fingerprint) found it unchanged;
3. no entry of the folder had a name rule, a skip or any other exception last time: those entries
   are looked at on every scan, for their report line, so the scan stores no fingerprint then;
4. rows the folder kept for entries that are gone from it (in Dropbox, to be reconciled or already
   `deleted_in_source`) are written into the fingerprint as "ghosts" (mode 0, which no lstat()
   answers), so they are in every difference and are looked at on every scan, as before.

Format, version 1: a header (version, scan id), then the body: the entry count, the names joined
by b"/" (the one byte, with NUL, no name can hold), then the modes, inodes, sizes (unsigned) and
mtimes (signed) as little-endian 64-bit arrays. Equal listings give equal bodies. The walker sends
the body; the scan adds the header.
"""

import struct
import sys
from array import array

VERSION = 1
GHOST_MODE = 0  # a row kept for an entry that is gone from the folder
_HEADER = struct.Struct("<BQ")  # version, scan id
_BIG_ENDIAN = sys.byteorder == "big"


def _column(typecode: str, values) -> bytes:
    column = array(typecode, values)
    if _BIG_ENDIAN:
        column.byteswap()
    return column.tobytes()


def encode(listing: list[tuple]) -> bytes:
    """The body of a listing: (name, mode, inode, size, mtime_ns) tuples, sorted by name."""
    if not listing:
        return b""
    names, modes, inodes, sizes, mtimes = zip(*listing, strict=True)
    return b"".join(
        (
            struct.pack("<I", len(names)),
            b"/".join(names),
            _column("Q", modes),
            _column("Q", inodes),
            _column("Q", sizes),
            _column("q", mtimes),
        )
    )


def decode(body: bytes) -> list[tuple]:
    """The listing `encode` was given."""
    if not body:
        return []
    (count,) = struct.unpack_from("<I", body)
    columns_at = len(body) - 32 * count
    names = body[4:columns_at].split(b"/")
    columns = []
    for index, typecode in enumerate("QQQq"):
        column = array(typecode)
        start = columns_at + 8 * count * index
        column.frombytes(body[start : start + 8 * count])
        if _BIG_ENDIAN:
            column.byteswap()
        columns.append(column)
    return list(zip(names, *columns, strict=True))


def with_ghosts(body: bytes, ghost_names: list[bytes]) -> bytes:
    """The body with a ghost entry for each name (see the module docstring, point 4)."""
    if not ghost_names:
        return body
    listing = decode(body) + [(name, GHOST_MODE, 0, 0, 0) for name in ghost_names]
    listing.sort()
    return encode(listing)


def stored(body: bytes, *, scan_id: int) -> bytes:
    """What the scan writes on the folder's row."""
    return _HEADER.pack(VERSION, scan_id) + body


def read_stored(value: bytes | memoryview | None, *, finished_scans: set[int]) -> bytes | None:
    """The body stored on a folder's row, or None when it may not be trusted (point 1 of the
    module docstring) or is of another version."""
    if value is None or len(value) < _HEADER.size:
        return None
    value = bytes(value)
    version, scan_id = _HEADER.unpack_from(value)
    if version != VERSION or scan_id not in finished_scans:
        return None
    return value[_HEADER.size :]


def difference(listing: list[tuple], body: bytes, old_body: bytes) -> set[bytes]:
    """Names whose entry is not what it was, is new, or is gone (ghosts included): `listing` and
    `body` are the new listing and its encoding, `old_body` the stored one."""
    if body == old_body:
        return set()
    return {entry[0] for entry in set(listing).symmetric_difference(decode(old_body))}
