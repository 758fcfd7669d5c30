"""Thin Celery tasks: take ids, call a service; retry when the mail server is away."""

from celery import shared_task

from feedback.emails import results_mail_send
from feedback.services import survey_invitations_mail, survey_reminders_send, surveys_send_due


@shared_task
def feedback_surveys_send_due() -> None:
    """Daily (CELERY_BEAT_SCHEDULE["feedback-surveys"]): surveys whose day has come, then reminders.
    Running it twice in a day sends nothing twice."""
    surveys_send_due()
    survey_reminders_send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_invitations_mail(survey_id: int) -> None:
    survey_invitations_mail(survey_id=survey_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_results_mail(response_id: int) -> None:
    results_mail_send(response_id=response_id)
