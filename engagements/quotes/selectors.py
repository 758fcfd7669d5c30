"""Reads for discovery, the quote builder, the PDF and the pipeline."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engagements import roles
from engagements.models import Engagement
from engagements.quotes.models import CatalogueItem, DiscoveryRecord, Quote, QuoteLine, ScanSummary, Section
from engagements.quotes.money import Totals, line_amount, quote_totals

ABOUT_TO_EXPIRE_DAYS = 7


def discovery_record_of(engagement: Engagement) -> DiscoveryRecord:
    """The record, or an unsaved blank one: reading a page never writes."""
    return DiscoveryRecord.objects.filter(engagement=engagement).first() or DiscoveryRecord(
        engagement=engagement
    )


def quote_with_lines(quote_pk: int) -> Quote:
    return (
        Quote.objects.select_related("engagement__customer", "engagement__seller", "sent_by")
        .defer("frozen_pdf")
        .prefetch_related(Prefetch("lines", queryset=QuoteLine.objects.order_by("position", "pk")))
        .get(pk=quote_pk)
    )


def quotes_of(engagement: Engagement) -> list[Quote]:
    return list(engagement.quotes.order_by("-version").defer("frozen_pdf"))


def current_quote_of(engagement: Engagement) -> Quote | None:
    """The version that matters now: the draft being written, else the newest version."""
    quotes = quotes_of(engagement)
    drafts = [q for q in quotes if q.status == Quote.Status.DRAFT]
    return drafts[0] if drafts else (quotes[0] if quotes else None)


def open_sent_version_of(engagement: Engagement) -> Quote | None:
    """The sent version the customer may still answer, if any (at most one: sending a version
    supersedes the ones before it)."""
    return engagement.quotes.filter(status=Quote.Status.SENT).defer("frozen_pdf").order_by("-version").first()


def quote_for_customer(engagement: Engagement) -> Quote | None:
    """What the customer sees: the newest version that has been sent (never a draft)."""
    return (
        engagement.quotes.exclude(status=Quote.Status.DRAFT)
        .defer("frozen_pdf")
        .prefetch_related(Prefetch("lines", queryset=QuoteLine.objects.order_by("position", "pk")))
        .order_by("-version")
        .first()
    )


@dataclass
class SectionLines:
    section: str
    label: str
    lines: list
    amount: Decimal


def lines_by_section(quote: Quote) -> list[SectionLines]:
    """Line items grouped in the catalogue's section order, each line with its `amount`."""
    groups: dict[str, list] = {}
    for line in quote.lines.all():
        line.amount = line_amount(
            quantity=line.quantity, unit_price=line.unit_price, discount_percent=line.discount_percent
        )
        groups.setdefault(line.section, []).append(line)
    return [
        SectionLines(
            section=section.value,
            label=str(section.label),
            lines=groups[section.value],
            amount=sum((line.amount for line in groups[section.value]), Decimal("0.00")),
        )
        for section in Section
        if section.value in groups
    ]


def totals_of(quote: Quote) -> Totals:
    return quote_totals(quote.lines.all())


def migration_hours_of(quote: Quote) -> Decimal | None:
    if quote.duration_override_hours is not None:
        return quote.duration_override_hours
    if quote.estimated_migration_seconds is None:
        return None
    return Decimal(math.ceil(quote.estimated_migration_seconds / 360)) / 10


def timeline_of(quote: Quote, *, user_count: int | None) -> list[tuple[str, str]]:
    """The estimated timeline by phase, in calendar terms a customer can plan with.

    Planning and decommissioning take a week each in our experience; the migration runs day
    and night, so its hours become whole days; rollout and training take a day per ten users.
    """

    def days(count: int) -> str:
        return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}

    hours = migration_hours_of(quote)
    migration = days(max(1, math.ceil(hours / 24))) if hours is not None else _("after the scan")
    rollout_days = max(1, math.ceil((user_count or 10) / 10))
    return [
        (_("Planning"), _("1 week")),
        (_("Migration"), migration),
        (_("Rollout and training"), days(rollout_days)),
        (_("Decommissioning"), _("1 week")),
    ]


# Migration is priced by volume tier: (largest size in bytes, catalogue code), smallest first.
MIGRATION_TIERS = (
    (500 * 10**9, "migration-500gb"),
    (2 * 10**12, "migration-2tb"),
    (5 * 10**12, "migration-5tb"),
)


def suggested_migration_tier(engagement: Engagement) -> tuple[CatalogueItem, int] | None:
    """The migration line the scan (else the file servers' sizes) calls for: the tier item, and
    above 5 TB also how many started terabytes to add as `migration-extra-tb`."""
    summary = ScanSummary.objects.filter(engagement=engagement).only("bytes").first()
    size = (
        summary.bytes
        if summary
        else sum(s.approximate_size_gb or 0 for s in engagement.file_servers.all()) * 10**9
    )
    if not size:
        return None
    code, extra_tb = MIGRATION_TIERS[-1][1], 0
    for limit, tier_code in MIGRATION_TIERS:
        if size <= limit:
            code = tier_code
            break
    else:
        extra_tb = -(-(size - MIGRATION_TIERS[-1][0]) // 10**12)
    item = CatalogueItem.objects.filter(code=code, is_active=True).first()
    return (item, extra_tb) if item else None


@dataclass
class PipelineRow:
    status: str
    label: str
    count: int
    value: Decimal


@dataclass
class Pipeline:
    rows: list[PipelineRow]
    acceptance_rate: int | None
    expiring: list[Quote]
    quotes: list[Quote]


def pipeline_for(user) -> Pipeline:
    """The seller's quotes (a coordinator's: everyone's), in three queries whatever their number.

    A quote is an engagement's series of versions and counts once:

    1. Its row in "by status" and its value follow its newest version (a v2 being written after
       a declined v1 is a draft in the pipeline). Value is excluding VAT.
    2. The acceptance rate takes each quote's newest *sent* version's outcome: accepted against
       accepted, declined or expired. A quote whose newest sent version still waits for an answer
       (also while the next version is a draft: it stays open until that one is sent) is not
       counted either way.
    """
    versions = Quote.objects.all()
    if not roles.sees_all_engagements(user):
        versions = versions.filter(engagement__seller=user)
    newest_pk: dict[int, int] = {}
    newest_sent_status: dict[int, str] = {}
    for pk, engagement_id, status in versions.order_by("engagement_id", "-version").values_list(
        "pk", "engagement_id", "status"
    ):
        newest_pk.setdefault(engagement_id, pk)
        if status != Quote.Status.DRAFT:
            newest_sent_status.setdefault(engagement_id, status)
    quotes = list(
        Quote.objects.filter(pk__in=newest_pk.values())
        .defer("frozen_pdf", "terms", "assumptions", "scope_limitations")
        .select_related("engagement__customer", "engagement__seller")
        .prefetch_related("lines")
        .order_by("valid_until", "pk")
    )
    for quote in quotes:
        quote.value = quote_totals(quote.lines.all()).subtotal
    rows = []
    for status in (
        Quote.Status.DRAFT,
        Quote.Status.SENT,
        Quote.Status.ACCEPTED,
        Quote.Status.DECLINED,
        Quote.Status.EXPIRED,
    ):
        matching = [q for q in quotes if q.status == status]
        rows.append(
            PipelineRow(
                status=status.value,
                label=str(status.label),
                count=len(matching),
                value=sum((q.value for q in matching), Decimal("0.00")),
            )
        )
    outcomes = [
        status
        for status in newest_sent_status.values()
        if status in (Quote.Status.ACCEPTED, Quote.Status.DECLINED, Quote.Status.EXPIRED)
    ]
    accepted = outcomes.count(Quote.Status.ACCEPTED)
    rate = round(100 * accepted / len(outcomes)) if outcomes else None
    soon = timezone.localdate() + timedelta(days=ABOUT_TO_EXPIRE_DAYS)
    expiring = [q for q in quotes if q.status == Quote.Status.SENT and q.valid_until <= soon]
    return Pipeline(rows=rows, acceptance_rate=rate, expiring=expiring, quotes=quotes)
