"""The survey's verbs: send it (once), mail the personal links, remind once, take a response."""

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.personal_links import (
    LinkExpired,
    LinkInvalid,
    nonce_matches,
    personal_link_open,
    personal_link_token,
)
from engagements.phases import Phase
from engagements.services import audit_log
from feedback.models import Invitation, Response, Survey
from feedback.selectors import survey_window
from invoicing.selectors import final_invoice_sent_at

LINK_SALT = "feedback.survey-link"


class SurveyLinkError(DomainError):
    """A survey link that cannot be used; `kind` is invalid, expired or used."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


def link_max_age() -> timedelta:
    return timedelta(days=settings.FEEDBACK_LINK_MAX_AGE_DAYS)


def survey_link_token(invitation: Invitation) -> str:
    """Signed (and so dated): the invitation's id and nonce."""
    return personal_link_token(salt=LINK_SALT, pk=invitation.pk, nonce=invitation.nonce)


def survey_link_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("feedback:answer", args=[survey_link_token(invitation)])


@transaction.atomic
def survey_send(
    *, engagement: Engagement, final_invoice_at: datetime, today: date | None = None
) -> Survey | None:
    """Send the engagement's survey if its day has come; never twice.

    1. Lock the engagement, so two runs of the daily task take turns.
    2. An engagement that already has its survey gets None: nothing is sent again.
    3. Before the survey's day (the first working day inside the window, Europe/Stockholm) nothing
       happens either; on it, or later if the task did not run, the survey is recorded with one
       invitation per contact with an e-mail address, and the mails go out after the commit.
    The OneToOne on Survey.engagement stands behind step 2 should the lock not hold (SQLite)."""
    today = today or timezone.localdate()
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if Survey.objects.filter(engagement=locked).exists():
        return None
    if locked.phase in (Phase.LOST, Phase.CANCELLED):
        return None
    window = survey_window(final_invoice_sent_at=final_invoice_at)
    if today < window.day:
        return None
    survey = Survey(
        engagement=locked,
        final_invoice_sent_at=final_invoice_at,
        scheduled_for=window.day,
        sent_at=timezone.now(),
    )
    survey.full_clean()
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        return None
    for contact in locked.customer.contacts.exclude(email=""):
        invitation = Invitation(
            survey=survey, contact=contact, email=contact.email, nonce=secrets.token_urlsafe(12)
        )
        invitation.full_clean()
        invitation.save()
    audit_log(
        action="feedback.survey_sent",
        user=None,
        engagement=locked,
        details={"scheduled_for": window.day.isoformat(), "invitations": survey.invitations.count()},
    )
    from feedback.tasks import feedback_invitations_mail

    feedback_invitations_mail.delay_on_commit(survey.pk)
    return survey


def surveys_send_due(*, today: date | None = None) -> list[Survey]:
    """Every engagement whose final invoice has gone out, that has no survey yet and whose day has come."""
    sent = []
    candidates = Engagement.objects.filter(survey__isnull=True).exclude(
        phase__in=[Phase.DISCOVERY, Phase.QUOTED, Phase.LOST, Phase.CANCELLED]
    )
    for engagement in candidates:
        final_at = final_invoice_sent_at(engagement=engagement)
        if final_at is None:
            continue
        survey = survey_send(engagement=engagement, final_invoice_at=final_at, today=today)
        if survey is not None:
            sent.append(survey)
    return sent


def _mail_once(invitation_id: int, *, field: str, reminder: bool) -> bool:
    """Lock the invitation, send its mail unless `field` says it went already, and record it.
    A mail server that refuses raises, the row stays unmarked and the task retries it."""
    from feedback.emails import invitation_mail_send

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("survey__engagement__customer", "survey__engagement__seller", "contact")
            .get(pk=invitation_id)
        )
        if getattr(invitation, field) is not None:
            return False
        invitation_mail_send(invitation=invitation, link=survey_link_url(invitation), reminder=reminder)
        setattr(invitation, field, timezone.now())
        invitation.save(update_fields=[field])
        audit_log(
            action="feedback.reminder_sent" if reminder else "feedback.invitation_mailed",
            user=None,
            engagement=invitation.survey.engagement,
            details={"invitation": invitation.pk, "to": invitation.email},
        )
    return True


def survey_invitations_mail(*, survey_id: int) -> int:
    """Mail every invitation of the survey that has not been mailed; returns how many went."""
    pending = Invitation.objects.filter(survey_id=survey_id, mailed_at__isnull=True).values_list(
        "pk", flat=True
    )
    return sum(_mail_once(pk, field="mailed_at", reminder=False) for pk in list(pending))


def survey_reminders_send(*, now: datetime | None = None) -> int:
    """One reminder to each contact who has not answered FEEDBACK_REMINDER_DAYS after the mail,
    while the link still works."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        response__isnull=True,
        reminded_at__isnull=True,
        mailed_at__lte=now - timedelta(days=settings.FEEDBACK_REMINDER_DAYS),
        survey__sent_at__gt=now - link_max_age(),
    ).values_list("pk", flat=True)
    return sum(_mail_once(pk, field="reminded_at", reminder=True) for pk in list(due))


def invitation_from_link(*, token: str) -> Invitation:
    """The invitation a link opens, or SurveyLinkError saying why it cannot be used."""
    try:
        pk, nonce = personal_link_open(salt=LINK_SALT, token=token, max_age=link_max_age())
    except LinkExpired as error:
        raise SurveyLinkError(_("This survey link has expired."), kind="expired") from error
    except LinkInvalid as error:
        raise SurveyLinkError(_("This survey link is not valid."), kind="invalid") from error
    invitation = (
        Invitation.objects.select_related(
            "survey__engagement__customer", "survey__engagement__seller", "contact"
        )
        .filter(pk=pk)
        .first()
    )
    if invitation is None or not nonce_matches(invitation.nonce, nonce):
        raise SurveyLinkError(_("This survey link is not valid."), kind="invalid")
    if Response.objects.filter(invitation=invitation).exists():
        raise SurveyLinkError(_("Thank you, this survey has already been answered."), kind="used")
    return invitation


@transaction.atomic
def survey_answer(
    *,
    token: str,
    seller_rating: int,
    seller_comment: str,
    team_rating: int,
    team_comment: str,
    recommendation: int,
) -> Response:
    """Record a contact's response through their link: one per contact (the OneToOne on the
    invitation holds it in the database too). The seller and the team hear of it after commit."""
    invitation = invitation_from_link(token=token)
    Invitation.objects.select_for_update().get(pk=invitation.pk)
    if Response.objects.filter(invitation=invitation).exists():  # answered by a parallel request
        raise SurveyLinkError(_("Thank you, this survey has already been answered."), kind="used")
    response = Response(
        invitation=invitation,
        seller_rating=seller_rating,
        seller_comment=seller_comment.strip(),
        team_rating=team_rating,
        team_comment=team_comment.strip(),
        recommendation=recommendation,
        submitted_at=timezone.now(),
    )
    response.full_clean()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise SurveyLinkError(_("Thank you, this survey has already been answered."), kind="used") from error
    audit_log(
        action="feedback.response_received",
        user=invitation.contact.user,
        engagement=invitation.survey.engagement,
        details={"invitation": invitation.pk},
    )
    from feedback.tasks import feedback_results_mail

    feedback_results_mail.delay_on_commit(response.pk)
    return response
