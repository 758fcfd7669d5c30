"""The panel this app contributes to the engagement page."""

from django import template

from engagements.privacy.forms import ProcessorAgreementForm
from engagements.privacy.models import EngagementPrivacy
from engagements.privacy.selectors import processor_agreement_of

register = template.Library()


@register.inclusion_tag("privacy/panel.html", takes_context=True)
def privacy_panel(context, engagement):
    """The processor agreement in force (or that none is yet), a form to record one, and when the
    engagement's personal data was anonymised. The page is staff only (get_engagement_for_staff)."""
    return {
        "engagement": engagement,
        "agreement": processor_agreement_of(engagement),
        "anonymised_at": EngagementPrivacy.objects.filter(engagement=engagement)
        .values_list("anonymised_at", flat=True)
        .first(),
        "form": ProcessorAgreementForm(),
        "csrf_token": context.get("csrf_token"),
    }
