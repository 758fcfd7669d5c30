"""The share's folder listings, read in a second process so the walk runs beside the scan's work.

A scan spends its time in three places of about equal weight: the system calls of the walk
(`scandir`, one `lstat` per entry), the name rules and row building in Python, and the database.
Python runs one thread at a time, so the walk goes to a child process and the machine's second
core: the child lists every folder and `lstat`s every entry while the scan plans and writes the
folders it already has. (A thread was measured slower than no thread: each return from a system
call waits for the scanning thread to hand over the interpreter.) The child is a plain
`python -I -S` running this file, not a fork: a forked copy of a Django process would share its
database connection, and Celery's pool processes may not fork children of their own.

The order is fixed on both sides: depth first, a folder before its contents, siblings sorted by
their name's bytes, every folder (symlinks are not followed: `lstat` says what an entry is). The
scan visits a subsequence of that order (it does not enter skipped folders such as
`.dropbox.cache`), so it reads ahead and drops the listings of folders it does not visit. The
pipe is the only buffer: the child blocks when the scan falls behind, so memory stays bounded.

This module imports only the standard library; the child must not load Django.
"""

import os
import pickle
import subprocess
import sys
from collections import deque
from stat import S_ISDIR

# A listing is a list of (name, mode, inode, size, mtime_ns) sorted by name, or None when the
# folder could not be listed. Listings travel in batches of about this many entries.
BATCH_ENTRIES = 5000


class WalkerFailed(Exception):
    pass


class FolderListings:
    """Listings from the walker process, asked for in the order the scan visits folders.

    Use as a context manager: leaving it stops the child, also when the scan fails half-way.
    """

    def __init__(self, root: bytes):
        self.root = root
        self._ready: deque[tuple[bytes, list | None]] = deque()
        self._ended = False
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter running this file
            [sys.executable, "-I", "-S", os.path.abspath(__file__), root],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
        )

    def __enter__(self) -> "FolderListings":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.stdout.close()
        self.process.wait()

    def listing(self, relative: bytes) -> list | None:
        """The sorted listing of the folder at `relative` (b"" for the root), None if unlistable."""
        while True:
            if not self._ready:
                self._read_batch(relative)
            folder, listing = self._ready.popleft()
            if folder == relative:
                return listing

    def _read_batch(self, wanted: bytes) -> None:
        try:
            # Our own child's output, read from a pipe only it writes to.
            batch = pickle.load(self.process.stdout)  # noqa: S301
        except EOFError:
            batch = None
        if batch is None:
            self.process.wait()
            raise WalkerFailed(
                f"the walker process ended (exit code {self.process.returncode}) before listing "
                f"{os.fsdecode(wanted) or 'the share root'!r}"
            )
        self._ready.extend(batch)


def _list_folder(absolute: bytes) -> list | None:
    try:
        with os.scandir(absolute) as iterator:
            listing = []
            for entry in iterator:
                st = entry.stat(follow_symlinks=False)
                listing.append((entry.name, st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    listing.sort()
    return listing


def walk(root: bytes, out) -> None:
    """Write the listing of every folder under `root` to `out`, in batches, then None."""
    stack = [b""]
    batch: list[tuple[bytes, list | None]] = []
    entries = 0
    while stack:
        relative = stack.pop()
        listing = _list_folder(root + b"/" + relative if relative else root)
        batch.append((relative, listing))
        if listing:
            entries += len(listing)
            prefix = relative + b"/" if relative else b""
            stack.extend(prefix + entry[0] for entry in reversed(listing) if S_ISDIR(entry[1]))
        if entries >= BATCH_ENTRIES or len(batch) >= BATCH_ENTRIES:
            pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
            batch, entries = [], 0
    pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    try:
        walk(os.fsencode(sys.argv[1]), sys.stdout.buffer)
    except BrokenPipeError:
        pass  # the scan stopped reading: it failed or finished early, and says why itself
