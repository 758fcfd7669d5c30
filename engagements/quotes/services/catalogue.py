"""The service catalogue: every addition, change and removal is audited.

The catalogue is kept in the Django admin, which writes its own `LogEntry`, but that row only
names the fields that changed ("Changed unit_price.") and exists only for edits made through the
admin. A list price is what every later quote starts from, so a change is audited like any other
change of state here: an `AuditEntry` through `audit_log` (no engagement: the catalogue belongs to
none), with each changed field's old and new value, read from the stored row rather than from what
the admin form believed it was editing.
"""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from engagements.quotes.models import CatalogueItem
from engagements.services import audit_log

AUDITED_FIELDS = (
    "code",
    "section",
    "name_sv",
    "name_en",
    "unit",
    "unit_price",
    "vat_rate",
    "position",
    "is_active",
)


def _values(item: CatalogueItem) -> dict[str, Any]:
    """The audited fields as JSON; prices to the öre as stored, so "1200" and "1200.00" are one value."""
    values = {}
    for name in AUDITED_FIELDS:
        value = getattr(item, name)
        if isinstance(value, Decimal):
            places = CatalogueItem._meta.get_field(name).decimal_places
            value = str(value.quantize(Decimal(1).scaleb(-places)))
        values[name] = value
    return values


@transaction.atomic
def catalogue_item_save(*, item: CatalogueItem, user: AbstractBaseUser | None) -> CatalogueItem:
    """Add `item`, or save the changes made to it; audit what was added or changed.

    1. Lock and read the stored row, so the audit compares against what was really there.
    2. Validate and save.
    3. Write `catalogue.item_added` with every value, or `catalogue.item_changed` with
       `{field: [old, new]}` for the fields that differ (nothing is written when none do).
    """
    stored = CatalogueItem.objects.select_for_update().filter(pk=item.pk).first() if item.pk else None
    item.full_clean()
    item.save()
    if stored is None:
        audit_log(action="catalogue.item_added", user=user, details=_values(item))
        return item
    before, after = _values(stored), _values(item)
    changes = {name: [before[name], after[name]] for name in AUDITED_FIELDS if before[name] != after[name]}
    if changes:
        audit_log(action="catalogue.item_changed", user=user, details={"code": item.code, "changes": changes})
    return item


@transaction.atomic
def catalogue_item_delete(*, item: CatalogueItem, user: AbstractBaseUser | None) -> None:
    """Remove an item. Quote lines keep their own copy of name, unit and price, so no quote
    changes; the audit row keeps the item's last values."""
    audit_log(action="catalogue.item_deleted", user=user, details=_values(item))
    item.delete()
