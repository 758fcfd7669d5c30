"""Building a quote: drafts, versions, line items, texts and the estimated duration."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engagements.estimates import migration_seconds_estimate
from engagements.models import Engagement
from engagements.quotes.models import CatalogueItem, FrozenQuoteError, Quote, QuoteLine, ScanSummary
from engagements.services import audit_log

DEFAULT_VALIDITY_DAYS = 30
DEFAULT_PAYMENT_TERMS_DAYS = 30
LINE_FIELDS = ("section", "description", "quantity", "unit", "unit_price", "discount_percent", "vat_rate")
DETAIL_FIELDS = ("valid_until", "payment_terms_days", "scope_limitations", "assumptions", "terms")
COPIED_ON_REVISION = (*DETAIL_FIELDS, "estimated_migration_seconds", "duration_override_hours")


def estimated_migration_seconds_for(engagement: Engagement) -> int | None:
    """The migration estimate: the scan's own when it has one, else its files and bytes at the
    configured throughput, else the file servers' approximate sizes from the discovery record at
    the same throughput (engagements.estimates, the estimator the scan uses too)."""
    summary = ScanSummary.objects.filter(engagement=engagement).first()
    if summary is not None:
        if summary.estimated_migration_seconds:
            return summary.estimated_migration_seconds
        return migration_seconds_estimate(files=summary.files, bytes=summary.bytes)
    gigabytes = sum(s.approximate_size_gb or 0 for s in engagement.file_servers.all())
    if not gigabytes:
        return None
    return migration_seconds_estimate(files=0, bytes=gigabytes * 10**9)


def _default_terms(language: str) -> str:
    with translation.override(language):
        return _(
            "The price is fixed: the final invoice never exceeds the quoted amount for the scope above. "
            "Work outside the scope is quoted separately before it starts. Dropbox licences are invoiced "
            "monthly in arrears. Invoicing: 50 % when the quote is accepted, 50 % when the migration is "
            "done. Prices exclude VAT unless stated."
        )


def _refuse_unless_draft(quote: Quote) -> None:
    if quote.status != Quote.Status.DRAFT:
        raise FrozenQuoteError(
            _("Version %(version)s has been sent and cannot be changed; make a new version.")
            % {"version": quote.version}
        )


@transaction.atomic
def quote_draft_start(*, engagement: Engagement, user: AbstractBaseUser) -> Quote:
    """The engagement's draft: the open one if there is one, else version 1 with the defaults.

    When a version has already been sent, a new draft is made with `quote_revise` instead.
    """
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    draft = engagement.quotes.filter(status=Quote.Status.DRAFT).first()
    if draft is not None:
        return draft
    latest = engagement.quotes.order_by("-version").first()
    if latest is not None:
        return quote_revise(quote=latest, user=user)
    language = engagement.customer.language
    discovery = getattr(engagement, "discovery", None)
    quote = Quote(
        engagement=engagement,
        version=1,
        language=language,
        valid_until=timezone.localdate() + timedelta(days=DEFAULT_VALIDITY_DAYS),
        payment_terms_days=DEFAULT_PAYMENT_TERMS_DAYS,
        scope_limitations=discovery.out_of_scope if discovery else "",
        terms=_default_terms(language),
        estimated_migration_seconds=estimated_migration_seconds_for(engagement),
        created_by=user,
    )
    quote.full_clean()
    quote.save()
    audit_log(action="quote.drafted", user=user, engagement=engagement, details={"version": 1})
    return quote


@transaction.atomic
def quote_revise(*, quote: Quote, user: AbstractBaseUser) -> Quote:
    """Make the next version from `quote`: the way to change a quote that has been sent.

    1. Lock the engagement, so two sellers pressing "New version" get one draft.
    2. Copy texts and lines into version n+1 as a draft, with a fresh validity date.

    The sent version stays open to the customer — they may still accept or decline it — until
    the new version is sent: `quote_send` supersedes it then. If the customer accepts it first,
    the draft is discarded (`discard_draft_after_acceptance`).
    """
    engagement = Engagement.objects.select_for_update().get(pk=quote.engagement_id)
    existing_draft = engagement.quotes.filter(status=Quote.Status.DRAFT).first()
    if existing_draft is not None:
        return existing_draft
    source = Quote.objects.get(pk=quote.pk)
    if source.status == Quote.Status.ACCEPTED:
        raise FrozenQuoteError(_("This quote has been accepted; it cannot be revised."))
    next_version = (engagement.quotes.aggregate(Max("version"))["version__max"] or 0) + 1
    draft = Quote(
        engagement=engagement,
        version=next_version,
        language=engagement.customer.language,
        created_by=user,
        **{name: getattr(source, name) for name in COPIED_ON_REVISION},
        duration_override_reason=source.duration_override_reason,
    )
    draft.valid_until = max(draft.valid_until, timezone.localdate() + timedelta(days=DEFAULT_VALIDITY_DAYS))
    draft.full_clean()
    draft.save()
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=draft,
            catalogue_item_id=line.catalogue_item_id,
            position=line.position,
            **_line_values(line),
        )
        for line in source.lines.all()
    )
    audit_log(
        action="quote.revised",
        user=user,
        engagement=engagement,
        details={"from_version": source.version, "version": next_version},
    )
    return draft


def _line_values(line: QuoteLine) -> dict[str, Any]:
    return {name: getattr(line, name) for name in LINE_FIELDS}


@transaction.atomic
def quote_line_add(
    *,
    quote: Quote,
    user: AbstractBaseUser,
    catalogue_item: CatalogueItem | None = None,
    quantity: Decimal,
    discount_percent: Decimal = Decimal("0"),
    **fields: Any,
) -> QuoteLine:
    """Add a line; from the catalogue its name (in the quote's language), unit, price and VAT are
    copied, so a later change of the list price does not change a quote already written."""
    _refuse_unless_draft(Quote.objects.select_for_update().get(pk=quote.pk))
    values: dict[str, Any] = {}
    if catalogue_item is not None:
        values = {
            "section": catalogue_item.section,
            "description": catalogue_item.name_in(quote.language),
            "unit": catalogue_item.unit,
            "unit_price": catalogue_item.unit_price,
            "vat_rate": catalogue_item.vat_rate,
        }
    values.update({key: value for key, value in fields.items() if value not in (None, "")})
    position = (quote.lines.aggregate(Max("position"))["position__max"] or 0) + 1
    line = QuoteLine(
        quote=quote,
        catalogue_item=catalogue_item,
        position=position,
        quantity=quantity,
        discount_percent=discount_percent,
        **values,
    )
    line.full_clean()
    line.save()
    audit_log(
        action="quote.line_added",
        user=user,
        engagement=quote.engagement,
        details={"version": quote.version, **{k: str(v) for k, v in _line_values(line).items()}},
    )
    return line


@transaction.atomic
def quote_line_update(*, line: QuoteLine, user: AbstractBaseUser, **fields: Any) -> QuoteLine:
    quote = Quote.objects.select_for_update().select_related("engagement").get(pk=line.quote_id)
    _refuse_unless_draft(quote)
    before = _line_values(line)
    for name, value in fields.items():
        if name in LINE_FIELDS:
            setattr(line, name, value)
    line.full_clean()
    line.save()
    after = _line_values(line)
    audit_log(
        action="quote.line_changed",
        user=user,
        engagement=quote.engagement,
        details={
            "version": quote.version,
            **{
                name: [str(before[name]), str(after[name])]
                for name in LINE_FIELDS
                if before[name] != after[name]
            },
        },
    )
    return line


@transaction.atomic
def quote_line_remove(*, line: QuoteLine, user: AbstractBaseUser) -> None:
    quote = Quote.objects.select_for_update().select_related("engagement").get(pk=line.quote_id)
    _refuse_unless_draft(quote)
    audit_log(
        action="quote.line_removed",
        user=user,
        engagement=quote.engagement,
        details={"version": quote.version, "description": line.description},
    )
    line.delete()


@transaction.atomic
def quote_details_update(*, quote: Quote, user: AbstractBaseUser, **fields: Any) -> Quote:
    """Change validity, payment terms and the free texts (scope limitations, assumptions, terms)."""
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    _refuse_unless_draft(locked)
    changed = [name for name in DETAIL_FIELDS if name in fields and getattr(quote, name) != fields[name]]
    for name in changed:
        setattr(quote, name, fields[name])
    if quote.valid_until and quote.valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The validity date cannot be in the past.")})
    quote.full_clean()
    if changed:
        quote.save(update_fields=changed)
        audit_log(
            action="quote.details_changed",
            user=user,
            engagement=quote.engagement,
            details={"version": quote.version, "fields": changed},
        )
    return quote


@transaction.atomic
def quote_duration_adjust(
    *, quote: Quote, user: AbstractBaseUser, hours: Decimal | None, reason: str = ""
) -> Quote:
    """Override the computed migration time; an override needs a reason the next reader understands.
    `hours=None` goes back to the estimate from the scan."""
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    _refuse_unless_draft(locked)
    reason = reason.strip()
    if hours is not None and not reason:
        raise ValidationError({"duration_override_reason": _("Say why the estimate is adjusted.")})
    quote.duration_override_hours = hours
    quote.duration_override_reason = reason if hours is not None else ""
    quote.estimated_migration_seconds = estimated_migration_seconds_for(quote.engagement)
    quote.full_clean()
    quote.save(
        update_fields=["duration_override_hours", "duration_override_reason", "estimated_migration_seconds"]
    )
    audit_log(
        action="quote.duration_adjusted",
        user=user,
        engagement=quote.engagement,
        details={
            "version": quote.version,
            "hours": str(hours) if hours is not None else None,
            "reason": reason,
        },
    )
    return quote
