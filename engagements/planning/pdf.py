"""Weekly report PDFs, rendered from a template through the project's one PDF renderer
(`engagements.pdf`: fonts and files from disk, nothing fetched over the network).
"""

from django.template.loader import render_to_string
from django.utils import translation

from engagements.pdf import render_pdf


def weekly_report_pdf(*, report) -> bytes:
    engagement = report.engagement
    with translation.override(engagement.customer.language):
        html = render_to_string("planning/report_pdf.html", {"report": report, "engagement": engagement})
    return render_pdf(html)
