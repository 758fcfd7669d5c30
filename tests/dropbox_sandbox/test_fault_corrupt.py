"""The damage fault: a committed file stored with a flipped byte, seen through the real SDK."""

import pytest
from dropbox import files
from dropbox.content_hash import DropboxContentHasher

from dropbox_sandbox.faults import FaultSettings


def _hash(data: bytes) -> str:
    hasher = DropboxContentHasher()
    hasher.update(data)
    return hasher.hexdigest()


@pytest.fixture
def admin(dropbox_sandbox, sandbox_team):
    client = dropbox_sandbox.admin_client(sandbox_team)
    client.users_get_current_account()
    yield client
    dropbox_sandbox.reset_faults()


def test_a_targeted_damage_hits_its_path_the_given_number_of_times(dropbox_sandbox, admin):
    dropbox_sandbox.set_faults(corrupt_path="/skadad/rapport.txt", corrupt_times=1)
    content = b"hello, Dropbox"

    damaged = admin.files_upload(content, "/Skadad/Rapport.txt", mode=files.WriteMode.overwrite)
    untouched = admin.files_upload(content, "/Skadad/annan.txt")

    assert damaged.content_hash != _hash(content)
    assert damaged.content_hash == _hash(b"\x97" + content[1:])  # "h" with every bit flipped
    _metadata, response = admin.files_download("/Skadad/Rapport.txt")
    assert response.content == b"\x97" + content[1:]
    listed = {entry.name: entry.content_hash for entry in admin.files_list_folder("/Skadad").entries}
    assert listed["Rapport.txt"] == damaged.content_hash
    assert untouched.content_hash == _hash(content)

    # Used up: the next upload of the same path lands intact, and the fault says so.
    again = admin.files_upload(content, "/Skadad/Rapport.txt", mode=files.WriteMode.overwrite)
    assert again.content_hash == _hash(content)
    settings = dropbox_sandbox._admin("GET", "faults")
    assert settings["corrupt_path"] == ""
    assert settings["corrupt_times"] == 0


def test_damage_hits_batched_upload_sessions_and_never_an_empty_file(dropbox_sandbox, admin):
    dropbox_sandbox.set_faults(corrupt=1)
    contents = [b"first file", b""]
    session_ids = admin.files_upload_session_start_batch(len(contents)).session_ids
    for session_id, content in zip(session_ids, contents, strict=True):
        admin.files_upload_session_append_v2(
            content, files.UploadSessionCursor(session_id=session_id, offset=0), close=True
        )
    finished = admin.files_upload_session_finish_batch_v2(
        [
            files.UploadSessionFinishArg(
                cursor=files.UploadSessionCursor(session_id=session_id, offset=len(content)),
                commit=files.CommitInfo(path=f"/Batch/{index}.bin"),
            )
            for index, (session_id, content) in enumerate(zip(session_ids, contents, strict=True))
        ]
    )
    first, empty = (entry.get_success() for entry in finished.entries)
    assert first.content_hash != _hash(contents[0])
    assert first.size == len(contents[0])
    assert empty.content_hash == _hash(b"")


def test_damage_settings_parse_and_refuse_junk():
    settings = FaultSettings.parse("corrupt=0.5,corrupt_path=/Filserver/a.txt,corrupt_times=2")
    assert (settings.corrupt, settings.corrupt_path, settings.corrupt_times) == (0.5, "/Filserver/a.txt", 2)
    with pytest.raises(ValueError, match="probability"):
        FaultSettings.parse("corrupt=2")
    with pytest.raises(ValueError, match="negative"):
        FaultSettings.parse("corrupt_times=-1")
