"""Upload sessions: start, append_v2, finish; start_batch, append_batch, finish_batch_v2; concurrent."""

import dropbox
import pytest
from dropbox import files

BLOCK = 4 * 1024 * 1024


def _cursor(session_id, offset):
    return files.UploadSessionCursor(session_id=session_id, offset=offset)


def test_sequential_session_with_offsets(sandbox_admin):
    session_id = sandbox_admin.files_upload_session_start(b"abc").session_id
    sandbox_admin.files_upload_session_append_v2(b"def", _cursor(session_id, 3))

    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"def", _cursor(session_id, 3))
    assert error.value.error.get_incorrect_offset().correct_offset == 6

    done = sandbox_admin.files_upload_session_finish(
        b"g", _cursor(session_id, 6), files.CommitInfo("/Stor/fil.bin")
    )
    assert (done.size, done.path_display) == (7, "/Stor/fil.bin")
    assert sandbox_admin.files_download("/stor/fil.bin")[1].content == b"abcdefg"
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"h", _cursor(session_id, 7))
    assert error.value.error.is_not_found()


def test_finish_with_a_conflict_keeps_the_data_for_a_retry(sandbox_admin):
    sandbox_admin.files_upload(b"old", "/doc.txt")
    session_id = sandbox_admin.files_upload_session_start(b"new").session_id
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_finish(b"er", _cursor(session_id, 3), files.CommitInfo("/doc.txt"))
    assert error.value.error.get_path().get_conflict().is_file()

    commit = files.CommitInfo("/doc.txt", mode=files.WriteMode.overwrite)
    done = sandbox_admin.files_upload_session_finish(b"", _cursor(session_id, 5), commit)
    assert sandbox_admin.files_download(done.path_lower)[1].content == b"newer"


def test_closed_session_refuses_more_data(sandbox_admin):
    session_id = sandbox_admin.files_upload_session_start(b"abc", close=True).session_id
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"d", _cursor(session_id, 3))
    assert error.value.error.is_closed()


def test_batch_of_sessions_appended_together_and_finished_together(sandbox_admin):
    ids = sandbox_admin.files_upload_session_start_batch(3).session_ids
    bodies = [b"first", b"second", b"third"]
    entries = [
        files.UploadSessionAppendBatchArgEntry(cursor=_cursor(sid, 0), length=len(body), close=True)
        for sid, body in zip(ids, bodies, strict=True)
    ]
    appended = sandbox_admin.files_upload_session_append_batch(b"".join(bodies), entries)
    assert all(entry.is_success() for entry in appended.entries)

    finish = [
        files.UploadSessionFinishArg(_cursor(sid, len(body)), files.CommitInfo(f"/Batch/{n}.txt"))
        for n, (sid, body) in enumerate(zip(ids, bodies, strict=True))
    ]
    finish.append(
        files.UploadSessionFinishArg(_cursor("pid_upload_session:nope", 0), files.CommitInfo("/Batch/x"))
    )
    result = sandbox_admin.files_upload_session_finish_batch_v2(finish)

    assert [e.get_success().name for e in result.entries[:3]] == ["0.txt", "1.txt", "2.txt"]
    assert result.entries[3].get_failure().get_lookup_failed().is_not_found()
    assert sandbox_admin.files_download("/Batch/1.txt")[1].content == b"second"


def test_append_batch_with_wrong_lengths_is_refused(sandbox_admin):
    ids = sandbox_admin.files_upload_session_start_batch(1).session_ids
    entry = files.UploadSessionAppendBatchArgEntry(cursor=_cursor(ids[0], 0), length=10)
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_batch(b"short", [entry])
    assert error.value.error.is_length_mismatch()


def test_concurrent_session_takes_4_mib_pieces_in_any_order(sandbox_admin):
    data = (bytes(range(256)) * (BLOCK // 256)) * 2 + b"tail"
    concurrent = files.UploadSessionType.concurrent
    session_id = sandbox_admin.files_upload_session_start(b"", session_type=concurrent).session_id
    sandbox_admin.files_upload_session_append_v2(
        data[2 * BLOCK :], _cursor(session_id, 2 * BLOCK), close=True
    )
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"x" * 10, _cursor(session_id, 10))
    assert error.value.error.is_closed() or error.value.error.is_concurrent_session_invalid_offset()
    sandbox_admin.files_upload_session_append_v2(data[:BLOCK], _cursor(session_id, 0))

    commit = files.CommitInfo("/parallel.bin")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_finish(b"", _cursor(session_id, len(data)), commit)
    assert error.value.error.is_concurrent_session_missing_data()

    sandbox_admin.files_upload_session_append_v2(data[BLOCK : 2 * BLOCK], _cursor(session_id, BLOCK))
    done = sandbox_admin.files_upload_session_finish(b"", _cursor(session_id, len(data)), commit)
    assert done.size == len(data)
    assert sandbox_admin.files_download("/parallel.bin")[1].content == data


def test_concurrent_session_refuses_unaligned_pieces(sandbox_admin):
    concurrent = files.UploadSessionType.concurrent
    session_id = sandbox_admin.files_upload_session_start(b"", session_type=concurrent).session_id
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"x", _cursor(session_id, 5))
    assert error.value.error.is_concurrent_session_invalid_offset()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_append_v2(b"x" * 100, _cursor(session_id, 0))
    assert error.value.error.is_concurrent_session_invalid_data_size()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        sandbox_admin.files_upload_session_start(b"data", session_type=concurrent)
    assert error.value.error.is_concurrent_session_data_not_allowed()


def test_append_batch_of_500_sessions_takes_a_long_dropbox_api_arg(sandbox_admin):
    """500 entries make a Dropbox-API-Arg header over 64 KiB, which Dropbox accepts."""
    ids = sandbox_admin.files_upload_session_start_batch(500).session_ids
    entries = [
        files.UploadSessionAppendBatchArgEntry(cursor=_cursor(sid, 0), length=1, close=True) for sid in ids
    ]
    appended = sandbox_admin.files_upload_session_append_batch(b"x" * 500, entries)
    assert len(appended.entries) == 500 and all(entry.is_success() for entry in appended.entries)
