"""The two e-mails of a booked meeting, plain text: the seller is told (in the staff's language,
the default), the prospect gets a confirmation in the language of the page they used. The
confirmation says no more than the page did: not whether the company was known, nor which seller
has it. Each returns whether a mail went out; a mail server that is away raises OSError (the task
retries)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from engagements.models import MeetingRequest


def mail_subject(template_name: str, context: dict) -> str:
    """One line: a line break in a company's name would make send_mail refuse the header."""
    return " ".join(render_to_string(template_name, context).split())


def _meeting_request(meeting_request_id: int) -> MeetingRequest | None:
    return (
        MeetingRequest.objects.select_related("engagement__customer", "engagement__seller", "contact")
        .filter(pk=meeting_request_id)
        .first()
    )


def seller_meeting_mail_send(*, meeting_request_id: int) -> bool:
    """Tell the seller a prospect asked for a first call, with everything they wrote."""
    meeting_request = _meeting_request(meeting_request_id)
    if meeting_request is None or not meeting_request.engagement.seller.email:
        return False
    engagement = meeting_request.engagement
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting_request": meeting_request,
            "engagement": engagement,
            "contact": meeting_request.contact,
            "engagement_url": settings.SITE_URL + engagement.get_absolute_url(),
        }
        subject = mail_subject("booking/email/seller_subject.txt", context)
        body = render_to_string("booking/email/seller.txt", context)
    send_mail(subject, body, None, [engagement.seller.email])
    return True


def customer_meeting_mail_send(*, meeting_request_id: int) -> bool:
    """Confirm to the prospect, in the language of the page, that we have their request."""
    meeting_request = _meeting_request(meeting_request_id)
    if meeting_request is None or meeting_request.contact is None:
        return False
    contact = meeting_request.contact
    with translation.override(meeting_request.language):
        context = {
            "meeting_request": meeting_request,
            "contact": contact,
            "page_url": settings.SITE_URL + reverse("booking:form"),
        }
        subject = mail_subject("booking/email/customer_subject.txt", context)
        body = render_to_string("booking/email/customer.txt", context)
    send_mail(subject, body, None, [contact.email])
    return True
