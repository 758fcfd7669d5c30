"""Discovery (kartläggning): the record, the file servers, the user list and the scan summary."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.quotes.models import CustomerUser, DiscoveryRecord, FileServer, Quote, ScanSummary
from engagements.services import audit_log

DISCOVERY_FIELDS = (
    "user_count",
    "device_count",
    "mail_provider",
    "mailbox_count",
    "other_systems",
    "expectations",
    "risks",
    "out_of_scope",
)


@transaction.atomic
def discovery_scan_summary_record(
    *,
    engagement: Engagement,
    files: int,
    folders: int,
    bytes: int,  # noqa: A002 - the name the migration app passes
    exceptions: int,
    estimated_migration_seconds: int,
    scanned_at: datetime,
) -> ScanSummary:
    """Keep the summary of the latest discovery scan; the migration app calls this after every scan.

    Migration may import engagements but not the other way round, so migration pushes its
    figures down here. An older scan arriving late never replaces a newer one. A draft quote
    takes the new estimate; versions already sent keep the one the customer was given.
    """
    from engagements.quotes.services.quote import estimated_migration_seconds_for

    summary = ScanSummary.objects.select_for_update().filter(engagement=engagement).first()
    if summary is not None and summary.scanned_at > scanned_at:
        return summary
    summary = summary or ScanSummary(engagement=engagement)
    summary.files = files
    summary.folders = folders
    summary.bytes = bytes
    summary.exceptions = exceptions
    summary.estimated_migration_seconds = estimated_migration_seconds
    summary.scanned_at = scanned_at
    summary.full_clean()
    summary.save()
    Quote.objects.filter(engagement=engagement, status=Quote.Status.DRAFT).update(
        estimated_migration_seconds=estimated_migration_seconds_for(engagement)
    )
    audit_log(
        action="discovery.scan_summary_recorded",
        user=None,
        engagement=engagement,
        details={"files": files, "bytes": bytes, "exceptions": exceptions},
    )
    return summary


def discovery_record_for(engagement: Engagement) -> DiscoveryRecord:
    record, _ = DiscoveryRecord.objects.get_or_create(engagement=engagement)
    return record


@transaction.atomic
def discovery_record_update(
    *, engagement: Engagement, user: AbstractBaseUser, data: dict[str, Any]
) -> DiscoveryRecord:
    """Change the discovery record; the audit row names each field with its old and new value."""
    record = discovery_record_for(engagement)
    changes = {}
    for name in DISCOVERY_FIELDS:
        if name in data and getattr(record, name) != data[name]:
            changes[name] = [_plain(getattr(record, name)), _plain(data[name])]
            setattr(record, name, data[name])
    if not changes:
        return record
    record.full_clean()
    record.save()
    audit_log(action="discovery.record_changed", user=user, engagement=engagement, details=changes)
    return record


@transaction.atomic
def file_server_add(*, engagement: Engagement, user: AbstractBaseUser, **fields: Any) -> FileServer:
    server = FileServer(engagement=engagement, **fields)
    server.full_clean()
    server.save()
    audit_log(
        action="discovery.file_server_added",
        user=user,
        engagement=engagement,
        details={key: _plain(value) for key, value in fields.items()},
    )
    return server


FILE_SERVER_FIELDS = ("name", "operating_system", "shares", "approximate_size_gb", "age_years")
CUSTOMER_USER_FIELDS = ("name", "email", "department", "device", "operating_system", "computer_literacy")


def _apply_changes(obj: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, list]:
    """Set the given fields on `obj`; returns {field: [old, new]} for those that differ."""
    changes = {}
    for name in allowed:
        if name in fields and getattr(obj, name) != fields[name]:
            changes[name] = [_plain(getattr(obj, name)), _plain(fields[name])]
            setattr(obj, name, fields[name])
    return changes


@transaction.atomic
def file_server_update(*, server: FileServer, user: AbstractBaseUser, **fields: Any) -> FileServer:
    """Change a file server's details; the audit row names each field with its old and new value."""
    changes = _apply_changes(server, fields, FILE_SERVER_FIELDS)
    if not changes:
        return server
    server.full_clean()
    server.save()
    audit_log(
        action="discovery.file_server_changed",
        user=user,
        engagement=server.engagement,
        details={"name": server.name, "changes": changes},
    )
    return server


@transaction.atomic
def file_server_remove(*, server: FileServer, user: AbstractBaseUser) -> None:
    audit_log(
        action="discovery.file_server_removed",
        user=user,
        engagement=server.engagement,
        details={"name": server.name},
    )
    server.delete()


@transaction.atomic
def customer_user_add(*, engagement: Engagement, user: AbstractBaseUser, **fields: Any) -> CustomerUser:
    person = CustomerUser(engagement=engagement, **fields)
    person.full_clean()
    person.save()
    audit_log(
        action="discovery.user_added",
        user=user,
        engagement=engagement,
        details={"name": person.name, "email": person.email},
    )
    return person


@transaction.atomic
def customer_user_update(*, person: CustomerUser, user: AbstractBaseUser, **fields: Any) -> CustomerUser:
    """Change a person on the user list; an e-mail already on the list is refused (ValidationError)."""
    changes = _apply_changes(person, fields, CUSTOMER_USER_FIELDS)
    if not changes:
        return person
    person.full_clean()
    person.save()
    audit_log(
        action="discovery.user_changed",
        user=user,
        engagement=person.engagement,
        details={"email": person.email, "changes": changes},
    )
    return person


@transaction.atomic
def customer_user_remove(*, person: CustomerUser, user: AbstractBaseUser) -> None:
    audit_log(
        action="discovery.user_removed",
        user=user,
        engagement=person.engagement,
        details={"name": person.name, "email": person.email},
    )
    person.delete()


@transaction.atomic
def customer_users_import(
    *, engagement: Engagement, user: AbstractBaseUser, rows: list[dict[str, Any]]
) -> list[CustomerUser]:
    """Add every row or none: the first invalid row raises ValidationError and nothing is kept.

    Rows come from `csv_import.parse_user_csv`, which has already reported per-row errors in
    the preview; this check again is the guarantee, not the user interface.
    """
    people = []
    for row in rows:
        person = CustomerUser(engagement=engagement, **row)
        person.full_clean()
        person.save()
        people.append(person)
    if not people:
        raise ValidationError(_("The file has no rows below the header."))
    audit_log(
        action="discovery.users_imported",
        user=user,
        engagement=engagement,
        details={"count": len(people), "emails": [p.email for p in people]},
    )
    return people


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, int | str) else str(value)
