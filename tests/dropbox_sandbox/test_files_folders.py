"""files/create_folder_v2, create_folder_batch, get_metadata, delete_v2, delete_batch."""

import dropbox
import pytest


def _api_error(call, *args, **kwargs):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        call(*args, **kwargs)
    return error.value.error


def test_create_folder_creates_missing_parents_and_conflicts_on_a_second_try(sandbox_admin):
    created = sandbox_admin.files_create_folder_v2("/Projekt/2026/Ritningar").metadata
    assert created.path_display == "/Projekt/2026/Ritningar"
    assert sandbox_admin.files_get_metadata("/projekt/2026").name == "2026"

    error = _api_error(sandbox_admin.files_create_folder_v2, "/PROJEKT/2026/ritningar")
    assert error.get_path().get_conflict().is_folder()
    renamed = sandbox_admin.files_create_folder_v2("/Projekt/2026/Ritningar", autorename=True).metadata
    assert renamed.name == "Ritningar (1)"


def test_create_folder_refuses_ignored_and_malformed_names(sandbox_admin):
    assert _api_error(sandbox_admin.files_create_folder_v2, "/.dropbox").get_path().is_disallowed_name()
    assert _api_error(sandbox_admin.files_create_folder_v2, "/a//b").get_path().is_malformed_path()


def test_create_folder_batch_reports_each_path_through_its_job(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/taken")
    launch = sandbox_admin.files_create_folder_batch(["/Ett", "/Två", "/taken", "/desktop.ini"])
    assert launch.is_async_job_id()

    status = sandbox_admin.files_create_folder_batch_check(launch.get_async_job_id())
    assert status.is_complete()
    entries = status.get_complete().entries
    assert [e.is_success() for e in entries] == [True, True, False, False]
    assert entries[0].get_success().metadata.path_display == "/Ett"
    assert entries[2].get_failure().get_path().get_conflict().is_file()
    assert entries[3].get_failure().get_path().is_disallowed_name()


def test_unknown_job_id_is_a_poll_error(sandbox_admin):
    error = _api_error(sandbox_admin.files_create_folder_batch_check, "dbjid:nope")
    assert error.is_invalid_async_job_id()


def test_get_metadata_of_file_folder_and_missing_path(sandbox_admin):
    sandbox_admin.files_upload(b"12345", "/Mapp/fil.txt")
    assert isinstance(sandbox_admin.files_get_metadata("/mapp"), dropbox.files.FolderMetadata)
    file_metadata = sandbox_admin.files_get_metadata("/MAPP/FIL.TXT")
    assert (file_metadata.size, file_metadata.path_display) == (5, "/Mapp/fil.txt")
    assert sandbox_admin.files_get_metadata(file_metadata.id).path_lower == "/mapp/fil.txt"

    assert _api_error(sandbox_admin.files_get_metadata, "/mapp/saknas.txt").get_path().is_not_found()
    assert _api_error(sandbox_admin.files_get_metadata, "/mapp/").get_path().is_malformed_path()


def test_delete_removes_the_whole_subtree(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/Gammalt/a/b.txt")
    deleted = sandbox_admin.files_delete_v2("/gammalt").metadata
    assert deleted.path_display == "/Gammalt"

    assert _api_error(sandbox_admin.files_get_metadata, "/Gammalt/a/b.txt").get_path().is_not_found()
    assert _api_error(sandbox_admin.files_delete_v2, "/Gammalt").get_path_lookup().is_not_found()


def test_delete_batch_reports_each_entry_through_its_job(sandbox_admin):
    sandbox_admin.files_upload(b"x", "/one.txt")
    launch = sandbox_admin.files_delete_batch(
        [dropbox.files.DeleteArg("/one.txt"), dropbox.files.DeleteArg("/two")]
    )
    status = sandbox_admin.files_delete_batch_check(launch.get_async_job_id())

    first, second = status.get_complete().entries
    assert first.get_success().metadata.name == "one.txt"
    assert second.get_failure().get_path_lookup().is_not_found()
