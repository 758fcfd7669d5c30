"""E-mails to the customer's contacts: weekly reports and status updates.

Each goes out as HTML with a plain-text alternative, in the customer's language.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from engagements.planning.errors import EmailNotSent

logger = logging.getLogger(__name__)


def customer_recipients(engagement) -> list[str]:
    return [email for email in engagement.customer.contacts.values_list("email", flat=True) if email]


def status_page_url(engagement) -> str:
    return settings.SITE_URL + reverse("engagements:status", args=[engagement.reference])


def _send(*, engagement, subject_and_template, context: dict) -> list[str]:
    """Render and send in the customer's language; EmailNotSent with a sentence on failure."""
    recipients = customer_recipients(engagement)
    if not recipients:
        raise EmailNotSent(_("The customer has no contacts with an e-mail address to send to."))
    with translation.override(engagement.customer.language):
        subject, template = subject_and_template()
        context = {**context, "engagement": engagement, "status_url": status_page_url(engagement)}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[engagement.coordinator.email]
        if engagement.coordinator and engagement.coordinator.email
        else None,
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("E-mail for engagement %s failed: %s", engagement.pk, error)
        raise EmailNotSent(
            _("The e-mail could not be sent (%(error)s). Nothing was sent; try again.") % {"error": error}
        ) from error
    return recipients


def weekly_report_email_send(*, report) -> list[str]:
    engagement = report.engagement

    def subject_and_template():
        subject = _("Weekly report, week %(week)s: %(title)s") % {
            "week": report.week_number,
            "title": engagement.title,
        }
        return subject, "planning/email/weekly_report"

    return _send(engagement=engagement, subject_and_template=subject_and_template, context={"report": report})


def status_update_email_send(*, update) -> list[str]:
    engagement = update.engagement

    def subject_and_template():
        subject = _("News about your project: %(title)s") % {"title": engagement.title}
        return subject, "planning/email/status_update"

    return _send(engagement=engagement, subject_and_template=subject_and_template, context={"update": update})
