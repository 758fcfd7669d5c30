"""Trees for migration tests and benchmarks: a nasty one with every name case, a plain big one,
and a checksum of a whole tree to prove the engine never wrote to the source.

`make_nasty_tree(root)` returns a dict: display path (as ManifestEntry.source_path) -> the
ScanException codes the scan must record for it. Two cases cannot be made on Linux file systems
and are covered by the naming unit tests instead: a component over 255 characters (Linux allows
255 *bytes*, and a UTF-8 name never has more UTF-16 units than bytes), and an unreadable file when
the tests run as root is still detected (the scan treats "no read bit for anyone" as unreadable).
"""

import hashlib
import os
import socket
import stat
import unicodedata
from pathlib import Path

NFC_NAME = unicodedata.normalize("NFC", "café.txt")
NFD_NAME = unicodedata.normalize("NFD", "café.txt")
LONG_FOLDER = "L" * 100


def _write(path: Path | bytes, content: bytes = b"x") -> None:
    with open(path, "wb") as handle:
        handle.write(content)


def make_nasty_tree(root: Path) -> dict[str, list[str]]:
    """Write the nasty cases under `root`; return what the scan must report for each."""
    expected: dict[str, list[str]] = {}
    docs = root / "Docs"
    docs.mkdir(parents=True)
    _write(docs / "plain.txt", b"hello world")
    for ignored in ("desktop.ini", "Thumbs.db", ".DS_Store", "Icon\r", ".dropbox.attr"):
        _write(docs / ignored)
        expected[f"Docs/{ignored}"] = ["ignored_name"]
    (docs / ".dropbox.cache").mkdir()
    _write(docs / ".dropbox.cache" / "cached.bin")
    expected["Docs/.dropbox.cache"] = ["ignored_name"]
    _write(docs / "~$report.docx")
    expected["Docs/~$report.docx"] = ["office_lock_file"]
    _write(docs / 'a<b>c:d"e|f?g*h.txt')
    expected['Docs/a<b>c:d"e|f?g*h.txt'] = ["invalid_character"]
    _write(docs / "trailing.")
    expected["Docs/trailing."] = ["trailing_dot_or_space"]
    _write(docs / "space ")
    expected["Docs/space "] = ["trailing_dot_or_space"]
    _write(docs / "ctrl\x01name.txt")
    expected["Docs/ctrl\x01name.txt"] = ["control_character"]
    _write(os.fsencode(docs) + b"/bad\xff\xfename.txt")
    expected["Docs/bad\\xff\\xfename.txt"] = ["invalid_utf8"]
    _write(docs / "Report.docx", b"upper")
    _write(docs / "report.docx", b"lower")
    expected["Docs/report.docx"] = ["case_collision"]  # sorts after "Report.docx" as bytes
    _write(docs / NFC_NAME, b"nfc")
    _write(docs / NFD_NAME, b"nfd")
    twin = max(NFC_NAME, NFD_NAME, key=lambda name: name.encode())  # the later in byte order
    expected[f"Docs/{twin}"] = ["unicode_twin"]
    (root / "Projects").mkdir()
    (root / "PROJECTS").mkdir()
    _write(root / "Projects" / "one.txt")
    _write(root / "PROJECTS" / "two.txt")
    expected["Projects"] = ["case_collision"]  # "PROJECTS" < "Projects" as bytes

    deep = root / "Deep" / LONG_FOLDER / LONG_FOLDER
    deep.mkdir(parents=True)
    _write(deep / ("f" * 60 + ".txt"))
    expected[f"Deep/{LONG_FOLDER}/{LONG_FOLDER}/{'f' * 60}.txt"] = ["path_too_long"]

    links = root / "Links"
    links.mkdir()
    (links / "to_file").symlink_to(docs / "plain.txt")
    (links / "to_folder").symlink_to(docs)
    (links / "loop").symlink_to(links)
    for name in ("to_file", "to_folder", "loop"):
        expected[f"Links/{name}"] = ["symlink"]

    special = root / "Special"
    special.mkdir()
    locked = special / "locked.txt"
    _write(locked, b"secret")
    locked.chmod(0)
    expected["Special/locked.txt"] = ["unreadable"]
    os.mkfifo(special / "pipe")
    expected["Special/pipe"] = ["special_file"]
    here = os.getcwd()
    try:
        os.chdir(special)  # AF_UNIX paths are limited to ~108 bytes; bind relative to stay short
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind("socket")
        sock.close()
        expected["Special/socket"] = ["special_file"]
    finally:
        os.chdir(here)
    return expected


def make_plain_tree(root: Path, *, files: int, per_folder: int = 100, folders_per_level: int = 20) -> None:
    """`files` small files, `per_folder` to a folder, folders nested two levels deep."""
    root.mkdir(parents=True, exist_ok=True)
    folder_count = max(1, (files + per_folder - 1) // per_folder)
    made = 0
    for index in range(folder_count):
        folder = root / f"Avdelning {index // folders_per_level:03d}" / f"Projekt {index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(min(per_folder, files - made)):
            with open(folder / f"dokument {number:03d}.txt", "wb") as handle:
                handle.write(b"%d %d\n" % (index, number))
            made += 1


def tree_checksum(root: Path) -> str:
    """A digest of names, kinds, sizes, modes, mtimes, link targets and file contents, never
    following a symlink and never opening anything but a regular file."""
    digest = hashlib.sha256()
    stack = [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as iterator:
            entries = sorted(iterator, key=lambda entry: entry.name)
        for entry in entries:
            st = entry.stat(follow_symlinks=False)
            digest.update(entry.path + b"\0%o %d %d\0" % (st.st_mode, st.st_size, st.st_mtime_ns))
            if stat.S_ISLNK(st.st_mode):
                digest.update(os.readlink(entry.path))
            elif stat.S_ISDIR(st.st_mode):
                stack.append(entry.path)
            elif stat.S_ISREG(st.st_mode):
                try:
                    with open(entry.path, "rb") as handle:
                        digest.update(hashlib.sha256(handle.read()).digest())
                except PermissionError:
                    digest.update(b"unreadable")
    return digest.hexdigest()
