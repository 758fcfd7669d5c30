"""Weekly report PDFs, rendered with WeasyPrint from a template.

Fonts come from the system's font files (fontconfig, on disk) and the fetcher refuses every
URL that is not a local file, so rendering never reaches out over the network.
"""

from django.template.loader import render_to_string
from django.utils import translation


def _local_files_only(url: str, *args, **kwargs):
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"Refusing to fetch {url} while rendering a PDF")
    return default_url_fetcher(url, *args, **kwargs)


def weekly_report_pdf(*, report) -> bytes:
    from weasyprint import HTML

    engagement = report.engagement
    with translation.override(engagement.customer.language):
        html = render_to_string("planning/report_pdf.html", {"report": report, "engagement": engagement})
    return HTML(string=html, url_fetcher=_local_files_only, base_url="file:///").write_pdf()
