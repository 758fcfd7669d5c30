"""The name rules: what a name on the share becomes in Dropbox. Pure functions, deterministic.

Each rule has a policy and a code (`ScanException.Code`); the scan records one exception per
rule that touched an entry, so nothing is renamed or skipped silently.

1. Ignored names (`desktop.ini`, `Thumbs.db`, `.DS_Store`, `Icon\\r`, `.dropbox*`, case-insensitive)
   and Office lock files (`~$*`): skipped.
2. Invalid UTF-8: decoded with U+FFFD for each bad byte (`bytes.decode("utf-8", "replace")`).
3. Control characters (U+0000–U+001F, U+007F) and `< > : " | ? * \\`: each replaced by `_`.
4. Trailing dots and spaces: stripped (a name of only dots and spaces becomes `_`).
5. Names over 255 characters are shortened keeping the extension, with a short hash of the original
   name so two long names that share a prefix stay different. Characters are counted as Dropbox
   counts them: UTF-16 code units (help.dropbox.com "Naming Dropbox files and folders": most emojis
   count as two). NTFS counts the same way, so the name also fits on the customers' Windows clients.
6. Within one folder, names that Dropbox would see as the same (case-insensitive, and NFC/NFD
   forms of the same text) get a numbered suffix: `report (2).docx`. The order is the sorted raw
   names, so the result does not depend on the order the file system lists them; names a previous
   scan already placed keep their targets, so a rescan never renames what is already in Dropbox.
7. Paths over 260 characters are kept but warned about (Windows clients may not open them).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

IGNORED_NAMES = frozenset({"desktop.ini", "thumbs.db", ".ds_store", "icon\r", ".dropbox", ".dropbox.attr"})
IGNORED_PREFIXES = (".dropbox.",)  # .dropbox.cache and friends
OFFICE_LOCK_PREFIX = "~$"
FORBIDDEN_CHARACTERS = frozenset('<>:"|?*\\')
REPLACEMENT = "_"
MAX_NAME_UNITS = 255
MAX_PATH_CHARACTERS = 260

# Codes, the same strings as ScanException.Code (kept here so this module stays free of Django).
IGNORED_NAME = "ignored_name"
OFFICE_LOCK_FILE = "office_lock_file"
INVALID_CHARACTER = "invalid_character"
TRAILING_DOT_OR_SPACE = "trailing_dot_or_space"
CONTROL_CHARACTER = "control_character"
INVALID_UTF8 = "invalid_utf8"
NAME_TOO_LONG = "name_too_long"
CASE_COLLISION = "case_collision"
UNICODE_TWIN = "unicode_twin"
PATH_TOO_LONG = "path_too_long"


def display_name(raw: bytes) -> str:
    """The name as text for pages and lookups: exact for UTF-8, `\\xNN` for each bad byte."""
    return raw.decode("utf-8", "backslashreplace")


def skip_reason(name: str) -> str | None:
    """The code of the rule that skips this name, or None when it is migrated."""
    lowered = name.lower()
    if lowered in IGNORED_NAMES or lowered.startswith(IGNORED_PREFIXES):
        return IGNORED_NAME
    if name.startswith(OFFICE_LOCK_PREFIX):
        return OFFICE_LOCK_FILE
    return None


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _truncate_to_units(text: str, units: int) -> str:
    result = []
    used = 0
    for character in text:
        cost = 2 if ord(character) > 0xFFFF else 1
        if used + cost > units:
            break
        result.append(character)
        used += cost
    return "".join(result)


def split_extension(name: str, *, is_folder: bool) -> tuple[str, str]:
    """("report", ".docx"); folders and dot-files have no extension."""
    if is_folder:
        return name, ""
    dot = name.rfind(".")
    if dot <= 0 or len(name) - dot > 16:
        return name, ""
    return name[:dot], name[dot:]


def shorten(name: str, *, is_folder: bool, limit: int = MAX_NAME_UNITS) -> str:
    """Cut the stem so the name fits `limit`, keeping the extension and adding a short hash."""
    stem, extension = split_extension(name, is_folder=is_folder)
    tag = "~" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]  # noqa: S324 - a name tag
    room = limit - utf16_length(extension) - len(tag)
    return _truncate_to_units(stem, room).rstrip(". ") + tag + extension


NEEDS_CLEANING = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]|[. ]$')


def clean_component(raw: bytes, *, is_folder: bool) -> tuple[str, list[str]]:
    """The Dropbox name for one raw name and the codes of the rules that changed it (rules 2–5)."""
    if len(raw) <= MAX_NAME_UNITS:  # UTF-8 never has fewer bytes than UTF-16 units
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not NEEDS_CLEANING.search(name):
                return name, []  # the common case, in one regex search
    codes: list[str] = []
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        name = raw.decode("utf-8", "replace")
        codes.append(INVALID_UTF8)
    characters = []
    for character in name:
        if ord(character) < 0x20 or ord(character) == 0x7F:
            characters.append(REPLACEMENT)
            if CONTROL_CHARACTER not in codes:
                codes.append(CONTROL_CHARACTER)
        elif character in FORBIDDEN_CHARACTERS:
            characters.append(REPLACEMENT)
            if INVALID_CHARACTER not in codes:
                codes.append(INVALID_CHARACTER)
        else:
            characters.append(character)
    name = "".join(characters)
    stripped = name.rstrip(". ")
    if stripped != name:
        codes.append(TRAILING_DOT_OR_SPACE)
        name = stripped or REPLACEMENT
    if utf16_length(name) > MAX_NAME_UNITS:
        name = shorten(name, is_folder=is_folder)
        codes.append(NAME_TOO_LONG)
    return name, codes


def collision_key(name: str) -> str:
    """Two names with the same key are the same name to Dropbox."""
    if name.isascii():
        return name.lower()  # ASCII is its own NFC form
    return unicodedata.normalize("NFC", name).lower()


def numbered(name: str, number: int, *, is_folder: bool) -> str:
    stem, extension = split_extension(name, is_folder=is_folder)
    candidate = f"{stem} ({number}){extension}"
    if utf16_length(candidate) > MAX_NAME_UNITS:
        suffix = f" ({number})"
        stem = _truncate_to_units(stem, MAX_NAME_UNITS - utf16_length(suffix + extension))
        candidate = f"{stem}{suffix}{extension}"
    return candidate


@dataclass(slots=True)
class NamePlan:
    """What one entry of a folder becomes."""

    raw: bytes
    is_folder: bool
    target: str = ""  # the Dropbox name; empty when skipped
    skip: str | None = None  # code of the rule that skips it
    codes: list[str] = field(default_factory=list)  # codes of the rules that renamed it
    collides_with: str = ""  # the name it collided with (display), for the report

    @property
    def display(self) -> str:
        return display_name(self.raw)


def plan_folder(
    names: list[tuple[bytes, bool]],
    *,
    kept: dict[bytes, str] | None = None,
    taken: dict[str, bytes | None] | None = None,
) -> dict[bytes, NamePlan]:
    """Plan the Dropbox names of one folder's entries.

    `names`: (raw name, is_folder) for every entry that may be migrated (symlinks and special
    files are decided by the scan, not here). `kept`: raw name -> target a previous scan gave it;
    those keep their target when it is still free. `taken`: collision key -> raw name (None when
    unknown) of targets already used in the folder by entries not in `names` (unchanged siblings,
    removed files still in Dropbox).

    1. Apply the skip rules and clean each name.
    2. Give kept names their previous targets.
    3. In sorted raw-name order, give each other name its cleaned name, or the first free
       numbered name when its key is taken.
    """
    kept = kept or {}
    used: dict[str, bytes | None] = dict(taken or {})
    plans: dict[bytes, NamePlan] = {}
    cleaned: dict[bytes, str] = {}
    for raw, is_folder in sorted(names):
        plan = NamePlan(raw, is_folder, "", skip_reason(display_name(raw)), [], "")
        plans[raw] = plan
        if plan.skip is None:
            cleaned[raw], plan.codes = clean_component(raw, is_folder=is_folder)

    for raw, target in sorted(kept.items()):
        if raw in cleaned and collision_key(target) not in used:
            plans[raw].target = target
            used[collision_key(target)] = raw
            if collision_key(target) != collision_key(cleaned[raw]):
                _note_collision(plans[raw], cleaned, used)  # numbered by an earlier scan: say why again

    for raw, name in cleaned.items():
        plan = plans[raw]
        if plan.target:
            continue
        key = collision_key(name)
        if key not in used:
            plan.target = name
            used[key] = raw
            continue
        other = used[key]
        plan.collides_with = display_name(other) if other is not None else name
        same_text = other is not None and collision_key(display_name(other)) == collision_key(
            display_name(raw)
        )
        twin = other is not None and same_text and display_name(other).lower() != display_name(raw).lower()
        plan.codes.append(UNICODE_TWIN if twin else CASE_COLLISION)
        number = 2
        while collision_key(numbered(name, number, is_folder=plan.is_folder)) in used:
            number += 1
        plan.target = numbered(name, number, is_folder=plan.is_folder)
        used[collision_key(plan.target)] = raw
    return plans


def _collision_code(raw: bytes, other: bytes) -> str:
    same_text = collision_key(display_name(other)) == collision_key(display_name(raw))
    twin = same_text and display_name(other).lower() != display_name(raw).lower()
    return UNICODE_TWIN if twin else CASE_COLLISION


def _note_collision(plan: NamePlan, cleaned: dict[bytes, str], used: dict[str, bytes | None]) -> None:
    key = collision_key(cleaned[plan.raw])
    for other, name in cleaned.items():
        if other != plan.raw and collision_key(name) == key:
            plan.codes.append(_collision_code(plan.raw, other))
            plan.collides_with = display_name(other)
            return
    if key in used and used[key] != plan.raw:
        other = used[key]
        plan.codes.append(_collision_code(plan.raw, other) if other is not None else CASE_COLLISION)
        plan.collides_with = display_name(other) if other is not None else cleaned[plan.raw]


def join_target(parent: str, name: str) -> str:
    return f"{parent.rstrip('/')}/{name}"


def path_too_long(target_path: str) -> bool:
    if 2 * len(target_path) <= MAX_PATH_CHARACTERS:
        return False  # a character is at most two UTF-16 units
    return utf16_length(target_path) > MAX_PATH_CHARACTERS
