"""files/upload and files/download: write modes, conflicts, refused names, size limit."""

import datetime as dt
import http.client
import ssl

import dropbox
import pytest
from dropbox import files


def _api_error(call, *args, **kwargs):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        call(*args, **kwargs)
    return error.value.error


def test_upload_then_download_is_case_insensitive_and_case_preserving(sandbox_admin):
    client_modified = dt.datetime(2025, 3, 1, 12, 30, 0)
    uploaded = sandbox_admin.files_upload(
        b"offert", "/Kunder/Åkesson/Offert.PDF", client_modified=client_modified
    )

    assert uploaded.path_display == "/Kunder/Åkesson/Offert.PDF"
    assert uploaded.path_lower == "/kunder/åkesson/offert.pdf"
    assert uploaded.client_modified == client_modified
    assert uploaded.rev and uploaded.server_modified
    metadata, response = sandbox_admin.files_download("/KUNDER/åkesson/offert.pdf")
    assert response.content == b"offert"
    assert metadata.id == uploaded.id
    # A new file in an existing folder keeps the folder's original case.
    other = sandbox_admin.files_upload(b"x", "/kunder/ÅKESSON/avtal.pdf")
    assert other.path_display == "/Kunder/Åkesson/avtal.pdf"


def test_download_of_a_missing_file_is_not_found(sandbox_admin):
    error = _api_error(sandbox_admin.files_download, "/nothing.txt")
    assert error.is_path() and error.get_path().is_not_found()


def test_add_mode_conflicts_unless_autorename_or_identical(sandbox_admin):
    sandbox_admin.files_upload(b"one", "/a.txt")

    error = _api_error(sandbox_admin.files_upload, b"two", "/A.txt")
    assert error.get_path().reason.get_conflict().is_file()
    assert error.get_path().upload_session_id  # Dropbox keeps the data for a retry
    renamed = sandbox_admin.files_upload(b"two", "/a.txt", autorename=True)
    assert renamed.path_display == "/a (1).txt"
    same = sandbox_admin.files_upload(b"one", "/a.txt")  # identical content is no conflict
    assert same.path_display == "/a.txt"


def test_overwrite_and_update_modes(sandbox_admin):
    first = sandbox_admin.files_upload(b"v1", "/doc.txt")
    second = sandbox_admin.files_upload(b"v2", "/doc.txt", mode=files.WriteMode.overwrite)
    assert second.id == first.id and second.rev != first.rev

    third = sandbox_admin.files_upload(b"v3", "/doc.txt", mode=files.WriteMode.update(second.rev))
    assert third.size == 2
    error = _api_error(sandbox_admin.files_upload, b"v4", "/doc.txt", mode=files.WriteMode.update(first.rev))
    assert error.get_path().reason.get_conflict().is_file()
    assert sandbox_admin.files_download("/doc.txt")[1].content == b"v3"


def test_uploading_onto_a_folder_is_a_folder_conflict(sandbox_admin):
    sandbox_admin.files_create_folder_v2("/Mapp")
    error = _api_error(sandbox_admin.files_upload, b"x", "/mapp", mode=files.WriteMode.overwrite)
    assert error.get_path().reason.get_conflict().is_folder()


@pytest.mark.parametrize(
    "name", ["desktop.ini", "Thumbs.db", ".DS_Store", "Icon\r", ".dropbox", ".dropbox.attr"]
)
def test_ignored_names_are_refused(sandbox_admin, name):
    error = _api_error(sandbox_admin.files_upload, b"x", f"/Mapp/{name}")
    assert error.get_path().reason.is_disallowed_name()


def test_component_over_255_characters_is_malformed(sandbox_admin):
    error = _api_error(sandbox_admin.files_upload, b"x", "/" + "n" * 256)
    assert error.get_path().reason.is_malformed_path()
    assert sandbox_admin.files_upload(b"x", "/" + "n" * 255).name == "n" * 255


def test_request_body_over_150_mib_is_refused_before_it_is_read(dropbox_sandbox, sandbox_team):
    """Sent by hand: the SDK would have to build 150 MiB in memory first."""
    access_token = sandbox_team["access_token"]
    context = ssl.create_default_context(cafile=str(dropbox_sandbox.ca_path))
    host, port = dropbox_sandbox.url.removeprefix("https://").split(":")
    connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=10)
    connection.putrequest("POST", "/2/files/upload")
    for name, value in {
        "Authorization": f"Bearer {access_token}",
        "Dropbox-API-Select-Admin": sandbox_team["admin_member_id"],
        "Dropbox-API-Arg": '{"path": "/huge.bin"}',
        "Content-Type": "application/octet-stream",
        "Content-Length": str(150 * 1024 * 1024 + 1),
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()

    assert response.status == 409
    assert b"payload_too_large" in response.read()
    connection.close()


def test_case_folding_is_dropboxs_one_to_one_mapping(sandbox_admin):
    """Dropbox folds İ (U+0130) to a plain i, not to i + combining dot as Python 3's lower() does."""
    uploaded = sandbox_admin.files_upload(b"x", "/İzmir/Ärende.txt")
    assert uploaded.path_lower == "/izmir/ärende.txt"
    assert sandbox_admin.files_get_metadata("/izmir/ÄRENDE.TXT").path_display == "/İzmir/Ärende.txt"
