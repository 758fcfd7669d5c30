"""The daily task against a real final invoice (invoicing's selector): it sends the survey on its
day, and running it twice sends nothing twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback.models import Survey
from feedback.tasks import feedback_surveys_send_due
from invoicing.models import Invoice

pytestmark = pytest.mark.usefixtures("english")


def test_the_task_sends_on_its_day_and_not_twice(invoiced, eager_tasks, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        feedback_surveys_send_due()
    assert not Survey.objects.exists()  # the final invoice went out today: four weeks to go

    # Six weeks later: the invoice was issued 42 days ago, the last day of the window.
    Invoice.objects.filter(engagement=invoiced, kind=Invoice.Kind.FINAL).update(
        issued_at=timezone.now() - timedelta(days=42)
    )
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            feedback_surveys_send_due()

    survey = Survey.objects.get(engagement=invoiced)
    assert survey.scheduled_for <= timezone.localdate()
    assert [message.to for message in mail.outbox] == [["anna@akessonbygg.example"]]
