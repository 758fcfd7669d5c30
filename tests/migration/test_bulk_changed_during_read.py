"""A file that changes while it is being read is not committed half-new: it is left for the delta."""

import os

import pytest

from migration.transfer.dropbox_calls import caller_for
from migration.transfer.large_files import upload_large_file
from migration.transfer.upload_items import Status, UploadItem
from tests.migration.bulk_helpers import dropbox_files


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "growing.log"
    path.write_bytes(os.urandom(40 * 1024 * 1024))
    return path


def _item(path) -> UploadItem:
    stat = path.stat()
    return UploadItem(
        key=1,
        source_path=os.fsencode(path),
        dropbox_path="/Filserver/growing.log",
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
    )


def test_a_file_written_to_between_chunks_is_not_committed(connected_engagement, big_file):
    item = _item(big_file)
    written = []

    def someone_writes(offset: int) -> None:
        # Another program appends to the file while the first chunks are on their way.
        if not written:
            with open(big_file, "ab") as handle:
                handle.write(b"one more line\n")
            written.append(offset)

    outcome = upload_large_file(caller_for(connected_engagement), item, on_chunk=someone_writes)

    assert written
    assert outcome.status == Status.CHANGED
    assert "/Filserver/growing.log" not in dropbox_files(connected_engagement)


def test_an_unchanged_large_file_is_committed(connected_engagement, big_file):
    outcome = upload_large_file(caller_for(connected_engagement), _item(big_file))
    assert outcome.status == Status.UPLOADED
    assert dropbox_files(connected_engagement)["/Filserver/growing.log"] == outcome.content_hash


class WorkerDied(Exception):
    pass


def test_a_large_file_cut_off_mid_way_resumes_its_session(connected_engagement, dropbox_sandbox, big_file):
    item = _item(big_file)
    caller = caller_for(connected_engagement)

    def die_after_two_chunks(offset: int) -> None:
        if offset >= 32 * 1024 * 1024:
            raise WorkerDied

    with pytest.raises(WorkerDied):
        upload_large_file(caller, item, on_chunk=die_after_two_chunks)
    dropbox_sandbox.reset_call_counts()

    outcome = upload_large_file(caller, item)

    assert outcome.status == Status.UPLOADED
    counts = dropbox_sandbox.call_counts()
    assert counts["files/upload_session/finish"] == 1
    assert counts.get("files/upload_session/start", 0) == 0  # the same session went on
    assert (
        counts.get("files/upload_session/append_v2", 0) == 0
    )  # 40 MiB: two chunks were there, the rest travels with finish
    assert dropbox_files(connected_engagement)["/Filserver/growing.log"] == outcome.content_hash
