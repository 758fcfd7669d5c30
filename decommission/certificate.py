"""The certificate of data sanitisation: one line per storage medium, signed off by the consultant.

Rendered from templates/decommission/certificate.html by engagements.pdf.render_pdf, in the
customer's language. `certificate_sign` stores the PDF; after that the stored bytes are what
everyone downloads (like a sent quote's PDF). Before sign-off staff may look at a preview.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from decommission.models import Decommission
from decommission.selectors import media_of
from engagements.models import Engagement
from engagements.pdf import LOGO, company, render_pdf


def certificate_html(*, engagement: Engagement, record: Decommission | None, draft: bool = False) -> str:
    with translation.override(engagement.customer.language or "sv"):
        return render_to_string(
            "decommission/certificate.html",
            {
                "engagement": engagement,
                "customer": engagement.customer,
                "company": company(),
                "logo_url": LOGO.as_uri() if LOGO.exists() else "",
                "media": list(media_of(engagement)),
                "record": record,
                "signed_by": record.signed_by if record and record.signed_by_id else None,
                "signed_at": record.signed_at if record else None,
                "draft_mark": _("DRAFT – not signed") if draft else "",
                "issued": timezone.localdate(),
            },
        )


def certificate_pdf(*, engagement: Engagement, record: Decommission | None, draft: bool = False) -> bytes:
    return render_pdf(certificate_html(engagement=engagement, record=record, draft=draft))


def certificate_download(*, engagement: Engagement, record: Decommission | None) -> bytes:
    """The signed certificate as it was frozen, or a preview marked as a draft."""
    if record is not None and record.is_signed:
        return bytes(record.certificate_pdf)
    return certificate_pdf(engagement=engagement, record=record, draft=True)
