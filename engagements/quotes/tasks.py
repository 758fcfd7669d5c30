"""Thin Celery tasks: take ids, call a service or the e-mail module (engagements.quotes.emails),
declare the errors worth retrying."""

from celery import shared_task

from engagements.quotes.emails import customer_quote_mail_send, seller_answer_mail_send
from engagements.quotes.services import quotes_expire_overdue as expire_overdue_quotes


@shared_task
def quotes_expire_overdue() -> int:
    """Nightly (beat): sent quotes past their validity date become expired."""
    return expire_overdue_quotes()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def quote_notify_seller(quote_id: int) -> None:
    """Tell the seller the customer has answered. Retried when the mail server is away."""
    seller_answer_mail_send(quote_id=quote_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def quote_notify_customer(quote_id: int) -> None:
    """Tell the customer's contacts a quote is waiting on their status page, the PDF attached.
    Retried when the mail server is away."""
    customer_quote_mail_send(quote_id=quote_id)
