"""Where the share is mounted on the migration host and where it lands in Dropbox: the source
of a migration, and the folder plan's mapping of its top-level folders."""

import os

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.services import audit_log
from migration.models import MigrationSource
from migration.source_roots import confined_source_path


class SourceError(DomainError):
    pass


def clean_dropbox_path(path: str) -> str:
    path = "/" + path.strip().strip("/")
    if "//" in path or "\\" in path:
        raise SourceError(_("“%(path)s” is not a Dropbox folder path.") % {"path": path})
    return path


@transaction.atomic
def migration_source_set(
    *, engagement: Engagement, source_path: str, target_root: str, user: AbstractBaseUser | None
) -> MigrationSource:
    """Say where the share is mounted on the migration host and where it lands in Dropbox.

    Refused (SourceOutsideRoots) unless the path resolves inside MIGRATION_SOURCE_ROOTS."""
    confined_source_path(source_path)
    source, _created = MigrationSource.objects.get_or_create(
        engagement=engagement, defaults={"source_path": source_path}
    )
    source.source_path = os.path.normpath(source_path)
    source.target_root = clean_dropbox_path(target_root or "/Filserver")
    source.full_clean()
    source.save()
    audit_log(
        action="migration.source_set",
        user=user,
        engagement=engagement,
        details={"source_path": source.source_path, "target_root": source.target_root},
    )
    return source


@transaction.atomic
def migration_folder_mapping_set(
    *, engagement: Engagement, mapping: dict[str, str], user: AbstractBaseUser | None
) -> MigrationSource:
    """Where each top-level folder of the share lands in Dropbox (the licensing phase's folder plan).

    Keys are top-level folder names as the scan shows them; values are Dropbox paths. Folders not
    in the mapping land under the target root. Takes effect at the next scan.
    """
    try:
        source = MigrationSource.objects.select_for_update().get(engagement=engagement)
    except MigrationSource.DoesNotExist:
        raise SourceError(_("Set the source of the migration before mapping its folders.")) from None
    cleaned: dict[str, str] = {}
    seen: dict[str, str] = {}
    for folder, target in mapping.items():
        if not folder or "/" in folder.strip("/"):
            raise SourceError(_("“%(folder)s” is not a top-level folder name.") % {"folder": folder})
        target = clean_dropbox_path(target)
        if target.lower() in seen:
            raise SourceError(
                _("“%(a)s” and “%(b)s” would both land in %(target)s.")
                % {"a": seen[target.lower()], "b": folder, "target": target}
            )
        seen[target.lower()] = folder
        cleaned[folder.strip("/")] = target
    source.folder_mapping = cleaned
    source.full_clean()
    source.save(update_fields=["folder_mapping", "updated_at"])
    audit_log(action="migration.folder_mapping_set", user=user, engagement=engagement, details=cleaned)
    return source
