"""The customer's mails of invoicing, composed in their language; the tasks only call.
Each returns whether a mail went out; a mail server that is away raises OSError (retried)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from engagements.quotes.emails import mail_subject
from invoicing.models import Invoice, Reconciliation


def _recipients(engagement) -> list[str]:
    return [c.email for c in engagement.customer.contacts.all() if c.user_id and c.email]


def _send(*, engagement, language: str, template: str, context: dict, attachment: tuple[str, bytes]) -> bool:
    recipients = _recipients(engagement)
    if not recipients:
        return False
    with translation.override(language):
        context = {
            **context,
            "engagement": engagement,
            "status_url": settings.SITE_URL + reverse("engagements:status", args=[engagement.reference]),
        }
        subject = mail_subject(f"invoicing/email/{template}_subject.txt", context)
        body = render_to_string(f"invoicing/email/{template}.txt", context)
    message = EmailMessage(
        subject, body, to=recipients, reply_to=[engagement.seller.email] if engagement.seller.email else None
    )
    message.attach(attachment[0], attachment[1], "application/pdf")
    message.send()
    return True


def invoice_mail_send(*, invoice_id: int) -> bool:
    invoice = (
        Invoice.objects.select_related("engagement__customer", "engagement__seller")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is None or not invoice.frozen_pdf:
        return False
    return _send(
        engagement=invoice.engagement,
        language=invoice.language,
        template="invoice",
        context={"invoice": invoice},
        attachment=(invoice.pdf_filename, bytes(invoice.frozen_pdf)),
    )


def reconciliation_mail_send(*, reconciliation_id: int) -> bool:
    reconciliation = (
        Reconciliation.objects.select_related("engagement__customer", "engagement__seller")
        .filter(pk=reconciliation_id)
        .first()
    )
    if reconciliation is None or not reconciliation.frozen_pdf:
        return False
    engagement = reconciliation.engagement
    return _send(
        engagement=engagement,
        language=engagement.customer.language,
        template="reconciliation",
        context={"reconciliation": reconciliation},
        attachment=(f"Avstamning-{engagement.reference}.pdf", bytes(reconciliation.frozen_pdf)),
    )
