"""A plain tree of small files for the benchmarks, made fast: the same names, layout and contents
as tests.migration.tree.make_plain_tree, written with os.open/os.write in a tight loop by one
process per core (each takes whole top-level folders, so no two make the same folder).

A million files take well under two minutes here instead of many; the file system's journal,
not Python, is then the limit.
"""

import os
from multiprocessing import Pool

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _make_folders(job: tuple[bytes, int, int, int, int, int]) -> int:
    """Write folders first..last-1 (and their files); returns the number of files written."""
    root, first, last, per_folder, files, folders_per_level = job
    made = 0
    for index in range(first, last):
        folder = b"%s/Avdelning %03d/Projekt %05d" % (root, index // folders_per_level, index)
        os.makedirs(folder, exist_ok=True)
        for number in range(min(per_folder, files - index * per_folder)):
            fd = os.open(b"%s/dokument %03d.txt" % (folder, number), _FLAGS, 0o644)
            try:
                os.write(fd, b"%d %d\n" % (index, number))
            finally:
                os.close(fd)
            made += 1
    return made


def make_plain_tree_fast(
    root, *, files: int, per_folder: int = 100, folders_per_level: int = 20, workers: int | None = None
) -> int:
    """`files` small files, `per_folder` to a folder, two levels deep; returns the files written."""
    root_bytes = os.fsencode(root)
    os.makedirs(root_bytes, exist_ok=True)
    folder_count = max(1, (files + per_folder - 1) // per_folder)
    jobs = [
        (
            root_bytes,
            first,
            min(folder_count, first + folders_per_level),
            per_folder,
            files,
            folders_per_level,
        )
        for first in range(0, folder_count, folders_per_level)
    ]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) == 1:
        return sum(map(_make_folders, jobs))
    with Pool(workers) as pool:
        return sum(pool.imap_unordered(_make_folders, jobs, chunksize=4))
