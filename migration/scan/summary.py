"""The figures a scan gathers as it walks: counts, bytes, by top folder, by type, largest files,
exceptions per class. Bounded: at most TYPES_KEPT extensions and LARGEST_KEPT files are kept."""

import heapq
from collections import Counter
from dataclasses import dataclass, field

LARGEST_KEPT = 20
TYPES_KEPT = 200


@dataclass
class Summary:
    files: int = 0
    folders: int = 0
    bytes: int = 0
    exceptions: int = 0
    by_top: dict = field(default_factory=dict)
    by_type: dict = field(default_factory=dict)
    largest: list = field(default_factory=list)  # heap of (size, path)
    exception_counts: Counter = field(default_factory=Counter)

    def add_files(self, top: str, names: list[str], sizes: list[int], parent: str) -> None:
        """Count the files of one folder (names without the folder, sizes) into the summary."""
        if not names:
            return
        total = sum(sizes)
        self.files += len(names)
        self.bytes += total
        counts = self.by_top.setdefault(top, [0, 0])
        counts[0] += len(names)
        counts[1] += total
        first = _extension(names[0])
        if first != "–" and _all_end_with(names, first):
            # The usual folder: all of one type, told and counted at once.
            self._add_type(first, len(names), total)
        else:
            # Inline rather than a function call: this runs for every file of such folders.
            for name, size in zip(names, sizes, strict=True):
                dot = name.rfind(".")
                self._add_type(
                    name[dot:].lower() if 0 < dot < len(name) - 1 and len(name) - dot <= 16 else "–", 1, size
                )
        floor = self.largest[0][0] if len(self.largest) >= LARGEST_KEPT else -1
        if max(sizes) <= floor:
            return  # the usual folder once the heap is full: none of its files is among the largest
        for name, size in zip(names, sizes, strict=True):
            if size > floor:
                path = f"{parent}/{name}" if parent else name
                if len(self.largest) < LARGEST_KEPT:
                    heapq.heappush(self.largest, (size, path))
                else:
                    heapq.heapreplace(self.largest, (size, path))
                floor = self.largest[0][0] if len(self.largest) >= LARGEST_KEPT else -1

    def _add_type(self, extension: str, files: int, size: int) -> None:
        counts = self.by_type.get(extension)
        if counts is None:
            if len(self.by_type) >= TYPES_KEPT:
                extension = "…"
            counts = self.by_type.setdefault(extension, [0, 0])
        counts[0] += files
        counts[1] += size

    def add_exception(self, code: str) -> None:
        self.exceptions += 1
        self.exception_counts[code] += 1


def _extension(name: str) -> str:
    """ ".pdf" for "Report.PDF"; "–" without an extension ("Makefile", ".bashrc", "Att göra.") or
    with a long tail after the dot."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 and len(name) - dot <= 16 else "–"


def _all_end_with(names: list[str], extension: str) -> bool:
    """True when every name has `extension` (".txt", no other dot in it) as its extension: each
    ends with it and none is only it. String searches over the names joined by "/", which no
    name holds, at C speed."""
    joined = "/" + "/".join(names).lower() + "/"
    return joined.count(extension + "/") == len(names) and ("/" + extension + "/") not in joined
