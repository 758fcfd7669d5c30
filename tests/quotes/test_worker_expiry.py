"""The nightly expiry, through Redis, run by a real worker process, writing to the test database."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from engagements.quotes.models import Quote
from engagements.quotes.tasks import quotes_expire_overdue
from tests.quotes.factories import sent_quote
from tests.worker import celery_worker_process, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_expires_an_overdue_quote(engagement, sales):
    quote = sent_quote(engagement, sales)
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    with celery_worker_process(log_name="quotes-worker"):
        with transaction.atomic():
            quotes_expire_overdue.delay_on_commit()
        wait_until(
            lambda: Quote.objects.filter(pk=quote.pk, status=Quote.Status.EXPIRED).exists(),
            timeout=60,
            message="the quote to expire",
        )
    assert engagement.audit_entries.filter(action="quote.expired").count() == 1
