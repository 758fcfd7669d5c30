"""files/move_v2, move_batch_v2 and move_batch/check_v2."""

import dropbox
import pytest
from dropbox import files


def _api_error(call, *args, **kwargs):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        call(*args, **kwargs)
    return error.value.error


def test_move_a_folder_with_its_contents(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/Gammal/Sub/fil.txt")
    moved = sandbox_admin.files_move_v2("/gammal", "/Arkiv/Ny").metadata

    assert moved.path_display == "/Arkiv/Ny"
    assert sandbox_admin.files_download("/Arkiv/Ny/Sub/fil.txt")[1].content == b"x"
    assert _api_error(sandbox_admin.files_get_metadata, "/Gammal").get_path().is_not_found()


def test_case_only_rename(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/rapport.txt")
    assert sandbox_admin.files_move_v2("/rapport.txt", "/Rapport.txt").metadata.path_display == "/Rapport.txt"


def test_move_errors(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/a.txt")
    sandbox_admin.files_upload(b"y", "/b.txt")
    sandbox_admin.files_create_folder_v2("/Mapp")

    assert _api_error(sandbox_admin.files_move_v2, "/saknas", "/c").get_from_lookup().is_not_found()
    assert _api_error(sandbox_admin.files_move_v2, "/a.txt", "/B.TXT").get_to().get_conflict().is_file()
    assert _api_error(sandbox_admin.files_move_v2, "/Mapp", "/Mapp/Inne").is_cant_move_folder_into_itself()
    assert sandbox_admin.files_move_v2("/a.txt", "/b.txt", autorename=True).metadata.name == "b (1).txt"


def test_move_batch_reports_each_entry_through_its_job(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/ett.txt")
    launch = sandbox_admin.files_move_batch_v2(
        [files.RelocationPath("/ett.txt", "/Flyttat/ett.txt"), files.RelocationPath("/saknas", "/x")]
    )
    status = sandbox_admin.files_move_batch_check_v2(launch.get_async_job_id())

    ok, failed = status.get_complete().entries
    assert ok.get_success().path_display == "/Flyttat/ett.txt"
    assert failed.get_failure().get_relocation_error().get_from_lookup().is_not_found()
