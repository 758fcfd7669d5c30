"""The quote as a PDF, rendered with WeasyPrint from templates/quotes/pdf/quote.html.

Nothing is fetched over the network: the only resources are files under the project
(the letterhead logo), served by `ProjectFileFetcher`, and fonts come from the system's
fontconfig (DejaVu, Debian's fonts-dejavu). The stylesheet is parsed once per process and
the font configuration and the decoded logo are shared between renders, so a render does only
the layout and the PDF.
"""

import logging
import mimetypes
import threading
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
LOGO = Path(settings.BASE_DIR) / "static" / "quotes" / "letterhead-logo.svg"

# WeasyPrint logs every step of every render at INFO; that is noise in our logs, and costs time.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

COMPANY_DEFAULTS = {
    "name": "Macforum AB",
    "organisation_number": "556712-3459",
    "street_address": "Sveavägen 20",
    "postal_code": "111 57",
    "city": "Stockholm",
    "email": "offert@macforum.se",
    "phone": "08-120 300 40",
    "bankgiro": "5050-1055",
    "website": "macforum.se",
}


def company() -> dict[str, str]:
    """The consultancy's letterhead; override any key with settings.QUOTE_COMPANY."""
    return {**COMPANY_DEFAULTS, **getattr(settings, "QUOTE_COMPANY", {})}


class ProjectFileFetcher(URLFetcher):
    """Serves `file://` URLs under the project directory and refuses everything else.

    Files are read once per process: the letterhead does not change while we run.
    """

    def fetch(self, url, headers=None):
        path = _project_file(url)
        if path is None:
            raise ValueError(f"Refused to fetch {url!r}: quotes load only files inside the project.")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, body=_read_once(str(path)), headers={"Content-Type": mime_type or "application/octet-stream"}
        )


def _project_file(url: str) -> Path | None:
    if not url.startswith("file://"):
        return None
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path)).resolve()
    root = Path(settings.BASE_DIR).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@cache
def _read_once(path: str) -> bytes:
    return Path(path).read_bytes()


# Per thread: Pango's font map is not known to be safe to share between threads, and a
# threaded server renders in several at once. Each thread sets them up once.
_per_thread = threading.local()


def _font_config() -> FontConfiguration:
    if not hasattr(_per_thread, "font_config"):
        _per_thread.font_config = FontConfiguration()
    return _per_thread.font_config


def _stylesheet() -> CSS:
    if not hasattr(_per_thread, "stylesheet"):
        _per_thread.stylesheet = CSS(
            filename=str(STYLESHEET), font_config=_font_config(), url_fetcher=ProjectFileFetcher()
        )
    return _per_thread.stylesheet


def quote_pdf_html(*, quote: Quote) -> str:
    """The HTML of the PDF, in the quote's language (the customer's)."""
    quote = quote_with_lines(quote.pk)
    engagement = quote.engagement
    discovery = discovery_record_of(engagement)
    sections = lines_by_section(quote)
    # A sent version keeps the language it went out in; a draft follows the customer's as it is now.
    language = engagement.customer.language if quote.status == Quote.Status.DRAFT else quote.language
    with translation.override(language or engagement.customer.language):
        return render_to_string(
            "quotes/pdf/quote.html",
            {
                "quote": quote,
                "engagement": engagement,
                "customer": engagement.customer,
                "contact": engagement.customer.contacts.first(),
                "company": company(),
                "logo_url": LOGO.as_uri(),
                "sections": sections,
                "has_discount": any(line.discount_percent for group in sections for line in group.lines),
                "totals": totals_of(quote),
                "migration_hours": migration_hours_of(quote),
                "timeline": timeline_of(quote, user_count=discovery.user_count),
                "quote_date": timezone.localdate(quote.sent_at) if quote.sent_at else timezone.localdate(),
            },
        )


def _image_cache() -> dict:
    """WeasyPrint's image cache, kept per thread like the fonts: the logo is decoded once."""
    if not hasattr(_per_thread, "images"):
        _per_thread.images = {}
    return _per_thread.images


def render_html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=ProjectFileFetcher()).write_pdf(
        stylesheets=[_stylesheet()], font_config=_font_config(), cache=_image_cache()
    )


def quote_pdf_render(*, quote: Quote) -> bytes:
    return render_html_to_pdf(quote_pdf_html(quote=quote))


def quote_pdf_bytes(*, quote: Quote) -> bytes:
    """What to hand out: the frozen bytes of a version that was sent, a fresh render of a draft."""
    if quote.status != Quote.Status.DRAFT:
        frozen = Quote.objects.filter(pk=quote.pk).values_list("frozen_pdf", flat=True).first()
        if frozen:
            return bytes(frozen)
    return quote_pdf_render(quote=quote)
