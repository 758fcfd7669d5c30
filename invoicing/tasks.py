"""Thin Celery tasks: take ids, call the e-mail module; retry when the mail server is away."""

from celery import shared_task

from invoicing.emails import invoice_mail_send, reconciliation_mail_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invoice_notify_customer(invoice_id: int) -> None:
    invoice_mail_send(invoice_id=invoice_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def reconciliation_notify_customer(reconciliation_id: int) -> None:
    reconciliation_mail_send(reconciliation_id=reconciliation_id)
