"""Dropbox path rules: case-insensitive, case-preserving, some names refused."""

from dataclasses import dataclass

# Dropbox's "ignored files": it refuses to store them (path/disallowed_name/).
IGNORED_NAMES = frozenset({"desktop.ini", "thumbs.db", ".ds_store", "icon\r", ".dropbox", ".dropbox.attr"})
MAX_COMPONENT_LENGTH = 255


class MalformedPath(ValueError):
    pass


class DisallowedName(ValueError):
    pass


@dataclass(frozen=True)
class SandboxPath:
    """A validated path relative to a namespace root: display form and lower-cased key."""

    display: str  # "" for the root, else "/A/b.txt"

    @property
    def lower(self) -> str:
        return lower(self.display)

    @property
    def is_root(self) -> bool:
        return self.display == ""

    @property
    def name(self) -> str:
        return self.display.rsplit("/", 1)[-1]

    @property
    def parent(self) -> "SandboxPath":
        return SandboxPath(self.display.rsplit("/", 1)[0])

    def child(self, name: str) -> "SandboxPath":
        return SandboxPath(f"{self.display}/{name}")

    def ancestors(self) -> list["SandboxPath"]:
        """Every folder above this path, outermost first, the root excluded."""
        parts = self.display.split("/")[1:-1]
        return [SandboxPath("/" + "/".join(parts[: index + 1])) for index in range(len(parts))]


def lower(display: str) -> str:
    """Dropbox's case folding: Python 2.5's unicode.lower(), a 1:1 "simple lowercase mapping".

    Python 3's lower() maps U+0130 (İ) to two code points (i + combining dot); the simple
    mapping gives "i". Everything else matches, and lengths never change, which the
    namespace-prefix arithmetic relies on. No Unicode normalization: NFC and NFD spellings
    are different names.
    """
    return display.replace("\u0130", "i").lower()


def parse(raw: str, *, allow_root: bool = True) -> SandboxPath:
    """Validate a client path ("/a/b", or "" for the root) and return it without a trailing slash."""
    if raw in ("", "/"):
        if not allow_root:
            raise MalformedPath("the root is not allowed here")
        return SandboxPath("")
    if not raw.startswith("/"):
        raise MalformedPath("paths start with /")
    components = raw[1:].split("/")
    for component in components:
        if component in ("", ".", ".."):
            raise MalformedPath("empty, . or .. component")
        if len(component) > MAX_COMPONENT_LENGTH:
            raise MalformedPath("component longer than 255 characters")
        if "\x00" in component:
            raise MalformedPath("NUL in path")
    return SandboxPath(raw)


def check_writable_name(path: SandboxPath) -> None:
    """Refuse names Dropbox will not store (checked only when something is written)."""
    for component in path.display.split("/")[1:]:
        if component.lower() in IGNORED_NAMES:
            raise DisallowedName(component)


def autorename_candidates(path: SandboxPath):
    """Yield "name (1).ext", "name (2).ext", ... as Dropbox does when autorename is set."""
    name = path.name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension, dot = name, "", ""
    for number in range(1, 10_000):
        yield path.parent.child(f"{stem} ({number}){dot}{extension}")
