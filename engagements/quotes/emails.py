"""The quote's e-mails: composed and sent here, in the reader's language; the tasks only call.

- `seller_answer_mail_send`: the customer answered (or an answer was recorded): tell the seller.
- `customer_quote_mail_send`: a quote waits on the customer's status page: tell its contacts, with
  the frozen PDF attached.
Each returns whether a mail went out (nothing to send is not an error: no seller address, no
contact with a login, no frozen PDF yet). A mail server that is away raises OSError, which the
task retries.
"""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from engagements.quotes.models import OfflineAcceptance, Quote


def mail_subject(template_name: str, context: dict) -> str:
    """A subject on one line: a line break in a customer's name would make send_mail refuse the
    header (BadHeaderError), and retrying would not help. The template does not HTML-escape."""
    return " ".join(render_to_string(template_name, context).split())


def seller_answer_mail_send(*, quote_id: int) -> bool:
    """Tell the seller the customer has answered the quote."""
    quote = (
        Quote.objects.select_related("engagement__customer", "engagement__seller").filter(pk=quote_id).first()
    )
    if quote is None or not quote.engagement.seller.email:
        return False
    # Staff read the app in Swedish, the default language.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "quote": quote,
            "engagement": quote.engagement,
            "builder_url": settings.SITE_URL + reverse("quotes:builder", args=[quote.engagement_id]),
            "offline": OfflineAcceptance.objects.defer("signed_copy")
            .select_related("recorded_by")
            .filter(quote=quote)
            .first(),
        }
        subject = mail_subject("quotes/email/seller_notified_subject.txt", context)
        body = render_to_string("quotes/email/seller_notified.txt", context)
    send_mail(subject, body, None, [quote.engagement.seller.email])
    return True


def customer_quote_mail_send(*, quote_id: int) -> bool:
    """Tell the customer's contacts a quote is waiting on their status page, the PDF attached."""
    quote = Quote.objects.select_related("engagement__customer").filter(pk=quote_id).first()
    if quote is None or not quote.frozen_pdf:
        return False
    engagement = quote.engagement
    recipients = [c.email for c in engagement.customer.contacts.all() if c.user_id and c.email]
    if not recipients:
        return False
    with translation.override(quote.language or engagement.customer.language):
        context = {
            "quote": quote,
            "engagement": engagement,
            "status_url": settings.SITE_URL + reverse("engagements:status", args=[engagement.reference]),
        }
        subject = mail_subject("quotes/email/customer_quote_sent_subject.txt", context)
        body = render_to_string("quotes/email/customer_quote_sent.txt", context)
    message = EmailMessage(
        subject, body, to=recipients, reply_to=[engagement.seller.email] if engagement.seller.email else None
    )
    message.attach(quote.pdf_filename, bytes(quote.frozen_pdf), "application/pdf")
    message.send()
    return True
