"""The share's folder listings, read in a second process so the walk runs beside the scan's work.

A scan spends its time in three places of about equal weight: the system calls of the walk
(`scandir`, one `lstat` per entry), the name rules and row building in Python, and the database.
Python runs one thread at a time, so the walk goes to a child process and the machine's second
core: the child lists every folder and `lstat`s every entry while the scan plans and writes the
folders it already has. (Not a thread: a thread running the inserts beside Python work was
measured slower than no thread, as each return from `sqlite3_step` waits for the other thread to
hand over the interpreter, and a listing thread would wait so after every `lstat`.) The child is a new
`python -I -S` that imports this module, not a fork: a forked copy of a Django process would share
its database connection, and Celery's pool processes may not fork children of their own.

The order is fixed on both sides: depth first, a folder before its contents, siblings sorted by
their name's bytes, every folder (symlinks are not followed: `lstat` says what an entry is, and
each folder is opened name by name with O_NOFOLLOW, see _FolderOpener). The
scan visits a subsequence of that order (it does not enter skipped folders such as
`.dropbox.cache`), so it reads ahead and drops the listings of folders it does not visit. The
pipe is the only buffer: the child blocks when the scan falls behind, so memory stays bounded.

The child also tells, per folder, whether any name rule touches any of its entries: most folders
of a share are plain, and the scan records those in one tight loop (ShareScanner._record_plain_folder).

This module imports only the standard library, migration.scan.naming and migration.scan.fingerprint; the child
must not load Django. The child's start is part of every scan's time, so what only the scan's side
(subprocess) or only a first scan (migration.scan.naming) needs is imported where it is used, and the
listings travel by `marshal` (built in: nothing to import, and it moves plain values only).
"""

import fcntl
import marshal
import os
import sys
from collections import deque
from stat import S_ISDIR, S_ISREG

from migration.scan import fingerprint

# Each folder travels as (relative path, listing, plain): the listing is a list of
# (name, mode, inode, size, mtime_ns) sorted by name, encoded by migration.scan.fingerprint (the scan
# stores those bytes as the folder's fingerprint), or None when the folder could not be listed;
# `plain` is the longest name's length in UTF-16 units when no name rule touches any entry (see
# plain_name_units), else None. Folders travel in batches of about this many entries.
BATCH_ENTRIES = 2000
# How far the walker may run ahead of the scan, in bytes of listings (about 45 bytes an entry).
# Linux pipes hold 64 KiB unless told otherwise, a single batch: the walker then waited for the
# scan at every batch instead of listing the next folders while the scan recorded these.
PIPE_BYTES = 1024 * 1024
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_EUID = os.geteuid()


class WalkerFailed(Exception):
    pass


class FolderListings:
    """Listings from the walker process, asked for in the order the scan visits folders.

    Use as a context manager: leaving it stops the child, also when the scan fails half-way.
    """

    def __init__(self, root: bytes, *, find_plain: bool):
        """`find_plain`: tell which folders are plain (worth it on a first scan only; a rescan
        compares with the manifest first, and plain stays None)."""
        import subprocess  # the scan's side only (see the module docstring)

        self.root = root
        self._ready: deque[tuple[bytes, bytes | None, int | None]] = deque()
        self._bodies_read: dict[bytes, bytes | None] = {}  # of the last batch, by folder
        child = (
            f"import sys; sys.path.insert(0, {PROJECT_ROOT!r}); from migration.scan.walk import main; main()"
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter running this module
            [sys.executable, "-I", "-S", "-c", child, root, "plain" if find_plain else "-"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
        )
        if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux; elsewhere the pipe keeps its own size
            try:
                fcntl.fcntl(self.process.stdout.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
            except OSError:
                pass  # above /proc/sys/fs/pipe-max-size: the default still works, only slower

    def __enter__(self) -> "FolderListings":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.stdout.close()
        self.process.wait()

    def listing(self, relative: bytes) -> tuple[list | None, int | None]:
        """(listing, plain) of the folder at `relative` (b"" for the root); see BATCH_ENTRIES."""
        listing, _body, plain = self.listing_and_fingerprint(relative)
        return listing, plain

    def listing_and_fingerprint(self, relative: bytes) -> tuple[list | None, bytes | None, int | None]:
        """(listing, its migration.scan.fingerprint body, plain) of the folder at `relative`."""
        while True:
            if not self._ready:
                self._read_batch(relative)
            folder, body, plain = self._ready.popleft()
            if folder == relative:
                listing = None if body is None else fingerprint.decode(body)
                return listing, body, plain

    def body_read(self, relative: bytes) -> bytes | None:
        """The listing's body of a folder of the batch read last, if it is there; for reading
        ahead (the scan fetches the rows of several folders' changed entries at once)."""
        return self._bodies_read.get(relative)

    def _read_batch(self, wanted: bytes) -> None:
        try:
            # Our own child's output, read from a pipe only it writes to.
            batch = marshal.load(self.process.stdout)  # noqa: S302
        except EOFError:
            batch = None
        if batch is None:
            self.process.wait()
            raise WalkerFailed(
                f"the walker process ended (exit code {self.process.returncode}) before listing "
                f"{os.fsdecode(wanted) or 'the share root'!r}"
            )
        self._ready.extend(batch)
        self._bodies_read = {folder: body for folder, body, _plain in batch}


def is_unreadable(absolute: bytes, mode: int) -> bool:
    """True when the migration could not read the entry.

    os.access answers for the user we run as; root passes it for every file, so a file that has no
    read bit for anyone (chmod 000) counts as unreadable too — a worker not running as root could
    not read it, and the customer's own users cannot either.
    """
    if not mode & 0o444:
        return True
    if _EUID == 0:
        return False  # root reads anything with a read bit; skip the syscall
    wanted = os.R_OK | os.X_OK if S_ISDIR(mode) else os.R_OK
    return not os.access(absolute, wanted)


def plain_name_units(absolute: bytes, listing: list) -> int | None:
    """The longest name of the folder in UTF-16 units when no name rule touches any entry: each
    a readable file or folder, valid UTF-8 within the length limit, nothing to clean or skip, no
    two names alike to Dropbox. None otherwise. (Paths over the limit depend on where the folder
    lands, which the scan knows: it adds the longest name to the folder's target.)"""
    from migration.scan import naming  # first scans only (see the module docstring)

    needs_cleaning = naming.NEEDS_CLEANING.search
    skip_reason = naming.skip_reason
    keys = set()
    longest = 0
    for name, mode, _inode, _size, _mtime_ns in listing:
        if not (S_ISREG(mode) or S_ISDIR(mode)) or len(name) > naming.MAX_NAME_UNITS:
            return None
        try:
            text = name.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if needs_cleaning(text) or skip_reason(text) is not None:
            return None
        if text.isascii():
            key, units = text.lower(), len(text)
        else:
            key, units = naming.collision_key(text), naming.utf16_length(text)
        if key in keys or is_unreadable(absolute + b"/" + name, mode):
            return None
        keys.add(key)
        longest = max(longest, units)
    return longest


class _FolderOpener:
    """Opens the walk's folders one name at a time from the root, never through a symlink.

    A folder listed as a folder and then swapped for a symlink (to /etc, say) before the walk
    enters it would be followed by `scandir(path)`; here each name is opened with O_NOFOLLOW
    relative to its parent's descriptor, so the swap fails (ELOOP, ENOTDIR) and the folder is
    reported unreadable. The descriptors of the current folder's ancestors stay open: the walk is
    depth first, so the next folder shares most of them and costs one open.
    """

    FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

    def __init__(self, root: bytes):
        self.root = root
        self.names: list[bytes] = []  # the open folders below the root, outermost first
        self.fds: list[int] = []  # the root's descriptor, then one per name

    def open(self, relative: bytes) -> int:
        """A descriptor of the folder at `relative`, valid until the next call; OSError if any
        name on the way is not a folder (a symlink included) or cannot be opened."""
        if not self.fds:
            self.fds.append(os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC))
        names = relative.split(b"/") if relative else []
        shared = 0
        while shared < min(len(names), len(self.names)) and names[shared] == self.names[shared]:
            shared += 1
        while len(self.names) > shared:
            self.names.pop()
            os.close(self.fds.pop())
        for name in names[shared:]:
            self.fds.append(os.open(name, self.FLAGS, dir_fd=self.fds[-1]))
            self.names.append(name)
        return self.fds[-1]


def _list_folder(opener: _FolderOpener, relative: bytes) -> list | None:
    try:
        with os.scandir(opener.open(relative)) as iterator:
            # A descriptor's scandir gives names as str (surrogate-escaped): back to their bytes.
            fsencode = os.fsencode
            listing = []
            for entry in iterator:
                st = entry.stat(follow_symlinks=False)
                listing.append((fsencode(entry.name), st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    listing.sort()
    return listing


def walk(root: bytes, out, *, find_plain: bool) -> None:
    """Write the listing of every folder under `root` to `out`, in batches, then None."""
    stack = [b""]
    batch: list[tuple[bytes, bytes | None, int | None]] = []
    entries = 0
    opener = _FolderOpener(root)
    while stack:
        relative = stack.pop()
        absolute = root + b"/" + relative if relative else root
        listing = _list_folder(opener, relative)
        plain = plain_name_units(absolute, listing) if find_plain and listing is not None else None
        batch.append((relative, None if listing is None else fingerprint.encode(listing), plain))
        if listing:
            entries += len(listing)
            prefix = relative + b"/" if relative else b""
            stack.extend(prefix + entry[0] for entry in reversed(listing) if S_ISDIR(entry[1]))
        if entries >= BATCH_ENTRIES or len(batch) >= BATCH_ENTRIES:
            marshal.dump(batch, out)
            out.flush()  # the whole batch, now: the scan cannot use a part of one
            batch, entries = [], 0
    marshal.dump(batch, out)
    marshal.dump(None, out)
    out.flush()


def main() -> None:
    """The child's entry point: walk the root given as the first argument onto stdout."""
    import resource

    # _FolderOpener holds a descriptor per level of the current folder: a share nested deeper
    # than the default soft limit (1,024) gets the hard limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    try:
        walk(os.fsencode(sys.argv[1]), sys.stdout.buffer, find_plain=sys.argv[2] == "plain")
    except BrokenPipeError:
        pass  # the scan stopped reading: it failed or finished early, and says why itself
