"""The installation instructions, per customer, in their language, per operating system: HTML
rendered to a PDF through the project's one renderer (engagements.pdf.render_pdf)."""

from django.template.loader import render_to_string
from django.utils import translation

from engagements.models import Engagement
from engagements.pdf import LOGO, company, render_pdf
from training.installation.models import OperatingSystem


def operating_system_of(text: str) -> str:
    """The user list's free text ("MacBook Air, macOS 14", "Win 11") as one of ours; macOS when
    it does not say, the consultancy's usual case."""
    folded = text.casefold()
    if "win" in folded:
        return OperatingSystem.WINDOWS
    return OperatingSystem.MACOS


def instructions_html(*, engagement: Engagement, operating_system: str, language: str | None = None) -> str:
    language = language or engagement.customer.language
    with translation.override(language):
        return render_to_string(
            "training/installation/instructions_pdf.html",
            {
                "engagement": engagement,
                "customer": engagement.customer,
                "is_mac": operating_system == OperatingSystem.MACOS,
                "os_name": OperatingSystem(operating_system).label,
                "people_to_call": [p for p in (engagement.coordinator, engagement.seller) if p is not None],
                "company": company(),
                "logo_url": LOGO.as_uri(),
                "language": language,
            },
        )


def instructions_pdf(*, engagement: Engagement, operating_system: str, language: str | None = None) -> bytes:
    return render_pdf(
        instructions_html(engagement=engagement, operating_system=operating_system, language=language)
    )
