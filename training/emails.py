"""E-mails of training and support: invitations with their .ics, and support notices to staff."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from training.agenda import agenda_lines
from training.ical import session_calendar
from training.models import SupportRequest, TrainingSession

logger = logging.getLogger(__name__)


def session_invitations_send(*, session: TrainingSession, online_only_folders=()) -> list[str]:
    """One mail per attendee, in the customer's language, with the session's .ics attached.

    A first invitation, an update (same UIDs, higher SEQUENCE) or a cancellation, by the session's
    state. Returns the addresses written to; one refused address does not stop the others.
    """
    engagement = session.engagement
    sent = []
    with translation.override(engagement.customer.language):
        lines = agenda_lines(online_only_folders=online_only_folders)
        description = "\n".join(f"- {line}" for line in lines)
        if session.cancelled_at:
            subject = _("Cancelled: Dropbox training")
        elif session.ics_sequence:
            subject = _("Changed: Dropbox training")
        else:
            subject = _("Invitation: Dropbox training")
        for person in session.attendees.all():
            context = {"session": session, "person": person, "agenda": lines, "engagement": engagement}
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("training/email/invitation.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[person.email],
                reply_to=[session.trainer.email] if session.trainer.email else None,
            )
            ics = session_calendar(session, attendee_email=person.email, description=description)
            method = "CANCEL" if session.cancelled_at else "REQUEST"
            message.attach("invitation.ics", ics, f"text/calendar; method={method}; charset=utf-8")
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("Training invitation to %s failed: %s", person.pk, error)
                continue
            sent.append(person.email)
    return sent


def support_staff_recipients(engagement) -> list[str]:
    people = [engagement.coordinator, *engagement.consultants.all()]
    return sorted({person.email for person in people if person is not None and person.email})


def support_request_notify_staff(*, request: SupportRequest) -> list[str]:
    """Tell the coordinator and the engagement's consultants that a request came in."""
    engagement = request.engagement
    recipients = support_staff_recipients(engagement)
    if not recipients:
        return []
    url = settings.SITE_URL + reverse("training:support_detail", args=[engagement.pk, request.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Support request from %(customer)s: %(topic)s") % {
            "customer": engagement.customer.name,
            "topic": request.get_topic_display(),
        }
        body = render_to_string("training/email/support_request.txt", {"request": request, "url": url})
    try:
        EmailMultiAlternatives(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
        ).send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Support notice for engagement %s failed: %s", engagement.pk, error)
        return []
    return recipients
