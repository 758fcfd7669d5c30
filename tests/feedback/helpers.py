from datetime import datetime

from django.utils import timezone

from feedback.models import Invitation, Response, Survey
from tests.factories import ContactFactory


def responded(
    engagement, *, at: datetime, seller_rating: int, team_rating: int, recommendation: int, comment=""
):
    """A survey and one answered invitation at `at`, recorded directly: data for the charts."""
    survey, _created = Survey.objects.get_or_create(
        engagement=engagement,
        defaults={"final_invoice_sent_at": at, "scheduled_for": timezone.localtime(at).date(), "sent_at": at},
    )
    contact = ContactFactory(customer=engagement.customer)
    invitation = Invitation.objects.create(
        survey=survey, contact=contact, email=contact.email, nonce="n", mailed_at=at
    )
    return Response.objects.create(
        invitation=invitation,
        seller_rating=seller_rating,
        team_rating=team_rating,
        recommendation=recommendation,
        seller_comment=comment,
        submitted_at=at,
    )
