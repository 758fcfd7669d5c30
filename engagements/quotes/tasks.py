"""Thin Celery tasks: take ids, load, call a service."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from engagements.quotes.models import Quote
from engagements.quotes.services import quotes_expire_overdue as expire_overdue_quotes


@shared_task
def quotes_expire_overdue() -> int:
    """Nightly (beat): sent quotes past their validity date become expired."""
    return expire_overdue_quotes()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def quote_notify_seller(quote_id: int) -> None:
    """Tell the seller the customer has answered. Retried when the mail server is away."""
    quote = (
        Quote.objects.select_related("engagement__customer", "engagement__seller").filter(pk=quote_id).first()
    )
    if quote is None or not quote.engagement.seller.email:
        return
    # Staff read the app in Swedish, the default language.
    with translation.override(settings.LANGUAGE_CODE):
        context = {"quote": quote, "engagement": quote.engagement}
        subject = render_to_string("quotes/email/seller_notified_subject.txt", context).strip()
        body = render_to_string("quotes/email/seller_notified.txt", context)
    send_mail(subject, body, None, [quote.engagement.seller.email])
