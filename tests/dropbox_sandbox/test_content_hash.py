"""Dropbox's content_hash: SHA-256 over the SHA-256 of each 4 MiB block, checked on every upload."""

import hashlib

import dropbox
import pytest
from dropbox import files

BLOCK = 4 * 1024 * 1024


def reference_hash(data: bytes) -> str:
    """Written from Dropbox's description, independently of the sandbox and the SDK."""
    digests = b"".join(hashlib.sha256(data[i : i + BLOCK]).digest() for i in range(0, len(data), BLOCK))
    return hashlib.sha256(digests).hexdigest()


@pytest.mark.parametrize(
    "size",
    [0, 1, BLOCK, BLOCK + 1, 2 * BLOCK + 123],
    ids=["empty", "1-byte", "exactly-4MiB", "4MiB+1", "multi-block"],
)
def test_uploaded_file_has_dropbox_content_hash(sandbox_admin, size):
    data = (bytes(range(251)) * (size // 251 + 1))[:size]
    metadata = sandbox_admin.files_upload(data, f"/hash-{size}.bin")

    assert metadata.size == size
    assert metadata.content_hash == reference_hash(data)
    if size == 0:
        assert metadata.content_hash == hashlib.sha256(b"").hexdigest()


def test_upload_with_a_wrong_content_hash_is_refused_and_nothing_is_written(sandbox_admin):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload(
            b"the real bytes", "/checked.txt", content_hash=reference_hash(b"other bytes")
        )

    assert error.value.error.is_content_hash_mismatch()
    with pytest.raises(dropbox.exceptions.ApiError):
        sandbox_admin.files_get_metadata("/checked.txt")


def test_session_append_with_a_wrong_content_hash_is_refused(sandbox_admin):
    session = sandbox_admin.files_upload_session_start(b"abc")
    cursor = files.UploadSessionCursor(session.session_id, 3)
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"def", cursor, content_hash=reference_hash(b"xyz"))
    assert error.value.error.is_content_hash_mismatch()

    # Nothing was appended: the same offset still works.
    sandbox_admin.files_upload_session_append_v2(b"def", cursor)
    done = sandbox_admin.files_upload_session_finish(
        b"", files.UploadSessionCursor(session.session_id, 6), files.CommitInfo("/abcdef.txt")
    )
    assert done.content_hash == reference_hash(b"abcdef")
