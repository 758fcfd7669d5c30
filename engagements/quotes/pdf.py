"""The quote as a PDF, rendered from templates/quotes/pdf/quote.html through the one
PDF renderer of the project (`engagements.pdf`: fonts and files from disk, nothing over
the network). A sent version's bytes are frozen at sending and served as they are; a draft's
preview is kept in the cache under a hash of its HTML, so it is rendered again only when
something that goes into it changed.
"""

import hashlib
from functools import cache
from itertools import zip_longest
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engagements.pdf import LOGO, company, render_pdf
from engagements.quotes.models import Quote
from engagements.quotes.selectors import (
    discovery_record_of,
    lines_by_section,
    migration_hours_of,
    quote_with_lines,
    timeline_of,
    totals_of,
)

STYLESHEET = Path(settings.BASE_DIR) / "static" / "quotes" / "quote-pdf.css"
PREVIEW_CACHE_SECONDS = 24 * 60 * 60


# On every page of a draft's preview, in both languages, so a preview never passes for a quote.
DRAFT_MARK = "UTKAST / DRAFT"


def quote_pdf_html(*, quote: Quote, draft: bool = False) -> str:
    """The HTML of the PDF, in the quote's language (the customer's). `draft` marks a preview
    "UTKAST / DRAFT" (the PDF frozen at sending is rendered without it)."""
    quote = quote_with_lines(quote.pk)
    engagement = quote.engagement
    discovery = discovery_record_of(engagement)
    # A sent version keeps the language it went out in; a draft follows the customer's as it is now.
    language = engagement.customer.language if quote.status == Quote.Status.DRAFT else quote.language
    quote_date = timezone.localdate(quote.sent_at) if quote.sent_at else timezone.localdate()
    contact = engagement.customer.contacts.first()
    with translation.override(language or engagement.customer.language):
        sections = lines_by_section(quote)  # the section labels in the quote's language
        return render_to_string(
            "quotes/pdf/quote.html",
            {
                "quote": quote,
                "engagement": engagement,
                "customer": engagement.customer,
                "facts": _facts(quote, contact=contact, quote_date=quote_date),
                "company": company(),
                "logo_url": LOGO.as_uri(),
                "sections": sections,
                "has_discount": any(line.discount_percent for group in sections for line in group.lines),
                "totals": totals_of(quote),
                "migration_hours": migration_hours_of(quote),
                "timeline": timeline_of(quote, user_count=discovery.user_count),
                "draft_mark": DRAFT_MARK if draft else "",
            },
        )


def _facts(quote: Quote, *, contact, quote_date) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """The customer's facts beside the quote's, row by row: one table of label and value pairs
    lays out cheaper than two nested ones (bench/quote_pdf.py)."""
    customer = quote.engagement.customer
    seller = quote.engagement.seller
    customer_facts = [(_("Customer"), customer.name), (_("Org. no."), customer.organisation_number)]
    if customer.street_address:
        address = f"{customer.street_address}, {customer.postal_code} {customer.city}"
        customer_facts.append((_("Address"), address))
    if contact:
        customer_facts.append((_("Your reference"), contact.name))
    quote_facts = [
        (_("Quote number"), f"{quote.number}-v{quote.version}"),
        (_("Date"), quote_date.isoformat()),
        (_("Valid until"), quote.valid_until.isoformat() if quote.valid_until else ""),
        (_("Our reference"), seller.get_full_name() or seller.username),
    ]
    return list(zip_longest(customer_facts, quote_facts, fillvalue=("", "")))


def render_html_to_pdf(html: str) -> bytes:
    return render_pdf(html, stylesheets=(STYLESHEET,))


def quote_pdf_render(*, quote: Quote) -> bytes:
    return render_html_to_pdf(quote_pdf_html(quote=quote))


@cache
def _stylesheet_digest() -> str:
    return hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()


def preview_cache_key(html: str) -> str:
    """The cache key of a draft's preview: a hash of everything that goes into the PDF (the HTML,
    which holds the lines, texts, customer, language and date, and the stylesheet)."""
    digest = hashlib.sha256(f"{_stylesheet_digest()}\n{html}".encode()).hexdigest()
    return f"quote-preview-pdf:{digest}"


def quote_preview_pdf(*, quote: Quote) -> bytes:
    """A draft's preview, marked "UTKAST / DRAFT": the bytes rendered before when nothing in it has
    changed since, else a fresh render, kept for a day. Rendering the HTML costs milliseconds; the
    PDF, seconds."""
    html = quote_pdf_html(quote=quote, draft=True)
    key = preview_cache_key(html)
    pdf = django_cache.get(key)
    if pdf is None:
        pdf = render_html_to_pdf(html)
        django_cache.set(key, pdf, PREVIEW_CACHE_SECONDS)
    return pdf


def quote_pdf_bytes(*, quote: Quote) -> bytes:
    """What to hand out: the frozen bytes of a version that was sent, the preview of a draft."""
    if quote.status != Quote.Status.DRAFT:
        frozen = Quote.objects.filter(pk=quote.pk).values_list("frozen_pdf", flat=True).first()
        if frozen:
            return bytes(frozen)
    return quote_preview_pdf(quote=quote)
