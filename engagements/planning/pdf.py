"""Weekly report PDFs, rendered with WeasyPrint from a template.

Fonts come from the system's font files through fontconfig (DejaVu, on disk), and the
fetcher allows only local files and data: URLs, so rendering never reaches the network.
"""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def local_files_only() -> URLFetcher:
    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def weekly_report_pdf(*, report) -> bytes:
    engagement = report.engagement
    with translation.override(engagement.customer.language):
        html = render_to_string("planning/report_pdf.html", {"report": report, "engagement": engagement})
    return HTML(string=html, url_fetcher=local_files_only(), base_url="file:///").write_pdf()
