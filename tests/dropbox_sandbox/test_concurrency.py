"""Many clients at once: parallel uploads, folder creation and a concurrent upload session."""

from concurrent.futures import ThreadPoolExecutor

from dropbox import files

BLOCK = 4 * 1024 * 1024


def test_parallel_clients_all_land(sandbox_admin):
    def work(worker: int):
        sandbox_admin.files_create_folder_v2(f"/Tråd {worker}")
        for n in range(8):
            sandbox_admin.files_upload(f"{worker}-{n}".encode(), f"/Tråd {worker}/fil {n}.txt")
            sandbox_admin.files_list_folder(f"/Tråd {worker}")
        return worker

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))

    everything = sandbox_admin.files_list_folder("", recursive=True).entries
    assert sum(isinstance(entry, files.FileMetadata) for entry in everything) == 64
    assert sandbox_admin.files_download("/tråd 5/FIL 7.txt")[1].content == b"5-7"


def test_pieces_of_a_concurrent_session_sent_in_parallel(sandbox_admin):
    pieces = [bytes([n]) * BLOCK for n in range(5)] + [b"end"]
    concurrent = files.UploadSessionType.concurrent
    session_id = sandbox_admin.files_upload_session_start(b"", session_type=concurrent).session_id

    def send(index: int):
        cursor = files.UploadSessionCursor(session_id, index * BLOCK)
        sandbox_admin.files_upload_session_append_v2(pieces[index], cursor, close=index == len(pieces) - 1)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(send, range(len(pieces))))
    data = b"".join(pieces)
    done = sandbox_admin.files_upload_session_finish(
        b"", files.UploadSessionCursor(session_id, len(data)), files.CommitInfo("/parallell.bin")
    )
    assert done.size == len(data)
    assert sandbox_admin.files_download("/parallell.bin")[1].content == data


def test_finishing_one_session_twice_at_once_commits_one_file(sandbox_admin):
    import dropbox

    session_id = sandbox_admin.files_upload_session_start(b"x" * BLOCK, close=True).session_id
    cursor = files.UploadSessionCursor(session_id, BLOCK)

    def finish(n: int):
        try:
            return sandbox_admin.files_upload_session_finish(
                b"", cursor, files.CommitInfo(f"/dubbel-{n}.bin")
            )
        except dropbox.exceptions.ApiError as error:
            return error.error

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(finish, range(2)))
    committed = [o for o in outcomes if isinstance(o, files.FileMetadata)]
    refused = [o for o in outcomes if not isinstance(o, files.FileMetadata)]
    assert len(committed) == 1 and len(refused) == 1
    assert refused[0].get_lookup_failed().is_not_found()
