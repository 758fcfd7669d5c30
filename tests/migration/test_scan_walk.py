"""The walker process lists the share ahead of the scan, in the scan's order, and says which
folders no name rule touches."""

import os

import pytest

from migration.scan.walk import FolderListings, WalkerFailed


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "share"
    (root / "A" / "inner").mkdir(parents=True)
    (root / "A" / "inner" / "deep.txt").write_bytes(b"deep")
    (root / "A" / "a.txt").write_bytes(b"aaa")
    (root / ".dropbox.cache" / "sub").mkdir(parents=True)  # a folder the scan skips
    (root / "B").mkdir()
    (root / "B" / "bad:name.txt").write_bytes(b"b")
    return root


def _names(listing):
    return [entry[0] for entry in listing]


def test_listings_come_in_the_scans_order_and_skipped_folders_are_dropped(tree):
    with FolderListings(os.fsencode(tree), find_plain=True) as listings:
        root, root_plain = listings.listing(b"")
        a_folder, a_plain = listings.listing(b"A")
        inner, _ = listings.listing(b"A/inner")
        # .dropbox.cache and its subfolder were listed by the walker; the scan does not ask.
        b_folder, b_plain = listings.listing(b"B")

    assert _names(root) == [b".dropbox.cache", b"A", b"B"]
    assert root_plain is None  # .dropbox.cache is a name the rules skip
    assert _names(a_folder) == [b"a.txt", b"inner"]
    assert a_plain == len("inner")  # the longest name, for the path-length check
    name, _mode, inode, size, mtime_ns = a_folder[0]
    st = os.lstat(tree / "A" / "a.txt")
    assert (inode, size, mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    assert _names(inner) == [b"deep.txt"]
    assert _names(b_folder) == [b"bad:name.txt"]
    assert b_plain is None  # a colon is renamed


def test_a_rescan_does_not_ask_which_folders_are_plain(tree):
    with FolderListings(os.fsencode(tree), find_plain=False) as listings:
        _, plain = listings.listing(b"")
        _, a_plain = listings.listing(b"A")
    assert plain is None and a_plain is None


def test_asking_for_a_folder_the_walker_never_lists_fails_instead_of_waiting(tree):
    with FolderListings(os.fsencode(tree), find_plain=False) as listings:
        listings.listing(b"")
        with pytest.raises(WalkerFailed, match="Nowhere"):
            listings.listing(b"Nowhere")
