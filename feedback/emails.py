"""The survey's mails, plain text: the personal link (and its one reminder) to a customer contact in
the customer's language, and each response to the seller and the project team."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from engagements.quotes.emails import mail_subject
from feedback.models import Invitation, Response


def invitation_mail_send(*, invitation: Invitation, link: str, reminder: bool) -> None:
    from feedback.services import link_max_age

    engagement = invitation.survey.engagement
    with translation.override(engagement.customer.language):
        context = {
            "invitation": invitation,
            "engagement": engagement,
            "link": link,
            "reminder": reminder,
            "valid_until": timezone.localtime(invitation.survey.sent_at + link_max_age()).date(),
        }
        subject = mail_subject("feedback/email/invitation_subject.txt", context)
        body = render_to_string("feedback/email/invitation.txt", context)
    reply_to = [engagement.seller.email] if engagement.seller.email else None
    EmailMessage(subject, body, to=[invitation.email], reply_to=reply_to).send()


def results_recipients(engagement) -> list[str]:
    """The seller and the project team: coordinator and consultants, each address once."""
    people = [engagement.seller, engagement.coordinator, *engagement.consultants.all()]
    addresses = []
    for person in people:
        if person is not None and person.email and person.email not in addresses:
            addresses.append(person.email)
    return addresses


def results_mail_send(*, response_id: int) -> bool:
    response = (
        Response.objects.select_related(
            "invitation__contact",
            "invitation__survey__engagement__customer",
            "invitation__survey__engagement__seller",
        )
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return False
    engagement = response.invitation.survey.engagement
    recipients = results_recipients(engagement)
    if not recipients:
        return False
    # Staff read the application in its default language (LANGUAGE_CODE).
    context = {"response": response, "engagement": engagement, "contact": response.invitation.contact}
    subject = mail_subject("feedback/email/results_subject.txt", context)
    body = render_to_string("feedback/email/results.txt", context)
    EmailMessage(subject, body, to=recipients).send()
    return True
