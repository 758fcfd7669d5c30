"""files/list_folder (recursive, limit, cursor), list_folder/continue and get_latest_cursor."""

import dropbox
import pytest
from dropbox import files


def _paths(result):
    return [entry.path_display for entry in result.entries]


@pytest.fixture
def tree(sandbox_admin):
    for path in ["/Kund/a.txt", "/Kund/b.txt", "/Kund/Sub/c.txt", "/Annat/d.txt"]:
        sandbox_admin.files_upload(path.encode(), path)
    return sandbox_admin


def test_list_folder_lists_direct_children(tree):
    result = tree.files_list_folder("/kund")
    assert sorted(_paths(result)) == ["/Kund/Sub", "/Kund/a.txt", "/Kund/b.txt"]
    assert not result.has_more


def test_recursive_listing_of_the_root_has_every_entry(tree):
    result = tree.files_list_folder("", recursive=True)
    assert sorted(_paths(result)) == sorted(
        ["/Kund", "/Kund/a.txt", "/Kund/b.txt", "/Kund/Sub", "/Kund/Sub/c.txt", "/Annat", "/Annat/d.txt"]
    )


def test_limit_pages_through_continue(tree):
    page = tree.files_list_folder("", recursive=True, limit=3)
    seen = _paths(page)
    assert page.has_more and len(seen) == 3
    while page.has_more:
        page = tree.files_list_folder_continue(page.cursor)
        seen += _paths(page)
    assert len(seen) == 7 == len(set(seen))


def test_cursor_reports_later_changes_and_deletions(tree):
    cursor = tree.files_list_folder_get_latest_cursor("/Kund", recursive=True).cursor
    tree.files_upload(b"new", "/Kund/ny.txt")
    tree.files_delete_v2("/Kund/a.txt")
    tree.files_upload(b"elsewhere", "/Annat/e.txt")

    changes = tree.files_list_folder_continue(cursor)
    kinds = {entry.path_display: type(entry).__name__ for entry in changes.entries}
    assert kinds == {"/Kund/ny.txt": "FileMetadata", "/Kund/a.txt": "DeletedMetadata"}
    assert tree.files_list_folder_continue(changes.cursor).entries == []


def test_listing_a_missing_folder_or_a_file_fails(tree):
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        tree.files_list_folder("/saknas")
    assert error.value.error.get_path().is_not_found()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        tree.files_list_folder("/Kund/a.txt")
    assert error.value.error.get_path().is_not_folder()


def test_garbage_cursor_is_a_bad_request(tree):
    with pytest.raises(dropbox.exceptions.BadInputError):
        tree.files_list_folder_continue("not-a-cursor")


def test_listing_after_the_folder_is_deleted_reports_not_found(tree):
    cursor = tree.files_list_folder("/Kund").cursor
    tree.files_delete_v2("/Kund")
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        tree.files_list_folder_continue(cursor)
    assert isinstance(error.value.error, files.ListFolderContinueError)
    assert error.value.error.get_path().is_not_found()
