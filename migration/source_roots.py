"""Where a migration may read: only inside the folders where customers' shares are mounted.

`settings.MIGRATION_SOURCE_ROOTS` lists those folders. A source path is allowed when it resolves,
every symlink followed (`os.path.realpath`), to a folder inside one of them or to one of them
itself. Inside means by path components: /mnt/share2 is not inside /mnt/share.

The check runs when a source is set (form, service, CLI) and again each time reading starts (a
scan, a bulk or delta job, each batch), because the path may have been swapped for a symlink
since it was set. Readers then work from the real path the check returned, and below it open
folders and files one name at a time without following symlinks (`open_beneath`), so a folder
or file turned into a symlink after the scan is refused by the kernel instead of read.
"""

import os
from typing import AnyStr

from django.conf import settings
from django.utils.translation import gettext as _

from engagements.errors import DomainError

_FOLLOW_NOTHING = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
_FOLDER_FLAGS = _FOLLOW_NOTHING | os.O_DIRECTORY


class SourceOutsideRoots(DomainError):
    pass


def allowed_source_roots() -> list[str]:
    """The configured roots, resolved as the paths checked against them are."""
    return [os.path.realpath(root) for root in settings.MIGRATION_SOURCE_ROOTS if root.strip()]


def is_within(path: AnyStr, root: AnyStr) -> bool:
    """True when `path` is `root` or lies below it; both absolute and resolved. By components,
    not by text: /mnt/share2 is not within /mnt/share."""
    return os.path.commonpath([path, root]) == root


def confined_source_path(source_path: str) -> str:
    """The real path of `source_path` when it lies within an allowed root; else SourceOutsideRoots
    with a sentence naming the roots. The path need not exist (a share may be mounted later);
    whoever reads checks again, and that it is a folder."""
    if not os.path.isabs(source_path) or "\x00" in source_path:
        raise SourceOutsideRoots(_("The source path must be absolute, like /mnt/share."))
    roots = allowed_source_roots()
    if not roots:
        raise SourceOutsideRoots(
            _("No folder on this host may be read by a migration; set MIGRATION_SOURCE_ROOTS.")
        )
    real = os.path.realpath(source_path)
    if any(is_within(real, root) for root in roots):
        return real
    shown_roots = ", ".join(roots)
    if real != os.path.normpath(source_path):
        raise SourceOutsideRoots(
            _(
                "The source %(path)s leads to %(real)s, outside the folders where customers' shares "
                "are mounted (%(roots)s); a migration reads only there."
            )
            % {"path": source_path, "real": real, "roots": shown_roots}
        )
    raise SourceOutsideRoots(
        _(
            "The source %(path)s is outside the folders where customers' shares are mounted "
            "(%(roots)s); a migration reads only there."
        )
        % {"path": source_path, "roots": shown_roots}
    )


def open_beneath(root: bytes, relative: bytes, *, folder: bool = False) -> int:
    """Open `relative` below the folder `root` for reading, one name at a time, following no
    symlink on the way or at the end (OSError ELOOP or ENOTDIR when one is there). `root` is the
    real path confined_source_path returned. Returns a file descriptor for the caller to close.
    """
    names = [name for name in relative.split(b"/") if name]
    if any(name in (b".", b"..") for name in names):
        raise OSError(0, "a path with . or .. is not read", relative)
    fd = os.open(root, _FOLDER_FLAGS)
    try:
        for index, name in enumerate(names):
            last = index == len(names) - 1
            flags = _FOLLOW_NOTHING if last and not folder else _FOLDER_FLAGS
            if last:
                flags |= getattr(os, "O_NOATIME", 0)
                try:
                    opened = os.open(name, flags, dir_fd=fd)
                except PermissionError:
                    # O_NOATIME is allowed to the file's owner only.
                    opened = os.open(name, flags & ~getattr(os, "O_NOATIME", 0), dir_fd=fd)
            else:
                opened = os.open(name, flags, dir_fd=fd)
            os.close(fd)
            fd = opened
    except BaseException:
        os.close(fd)
        raise
    return fd
