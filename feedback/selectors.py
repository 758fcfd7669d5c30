"""Reads of feedback: the survey's day, who may see which responses, the closing guard, and the
documents of a closed engagement."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decommission.selectors import decommission_of
from engagements.models import Engagement
from engagements.phases import Phase
from engagements.planning.workdays import is_working_day
from engagements.quotes.models import Quote
from engagements.selectors import engagements_visible_to
from feedback.charts import Chart, chart_build, month_of
from feedback.models import Invitation, Response, Survey
from invoicing.selectors import reconciliation_of
from migration.models import MigrationJob


@dataclass(frozen=True)
class SurveyWindow:
    first: date
    last: date
    day: date


def survey_window(*, final_invoice_sent_at: datetime) -> SurveyWindow:
    """The days, in Europe/Stockholm, on which the survey may go out, and the day it does: the
    first working day (no weekend, no Swedish holiday) from FEEDBACK_SURVEY_MIN_DAYS after the
    final invoice. The settings keep the window at least a week long, so it always holds one."""
    sent_on = timezone.localtime(final_invoice_sent_at).date()
    first = sent_on + timedelta(days=settings.FEEDBACK_SURVEY_MIN_DAYS)
    last = sent_on + timedelta(days=settings.FEEDBACK_SURVEY_MAX_DAYS)
    day = first
    while not is_working_day(day) and day < last:
        day += timedelta(days=1)
    return SurveyWindow(first=first, last=last, day=day)


def survey_of(engagement: Engagement) -> Survey | None:
    return Survey.objects.filter(engagement=engagement).first()


def closing_needs_survey(engagement: Engagement) -> str | None:
    """The guard on closing: the feedback survey has gone out."""
    if Survey.objects.filter(engagement=engagement).exists():
        return None
    return _("The feedback survey has not gone out yet; it is sent 4–6 weeks after the final invoice.")


def responses_visible_to(user) -> QuerySet[Response]:
    """Coordinators and admins see every response; sellers those of the engagements they sold;
    consultants those of the engagements they worked on (engagements_visible_to's rule)."""
    engagement_ids = engagements_visible_to(user).values("pk")
    return Response.objects.filter(invitation__survey__engagement_id__in=engagement_ids).select_related(
        "invitation__contact",
        "invitation__survey__engagement__customer",
        "invitation__survey__engagement__seller",
    )


def responses_of(engagement: Engagement) -> QuerySet[Response]:
    return Response.objects.filter(invitation__survey__engagement=engagement).select_related(
        "invitation__contact"
    )


def invitations_of(engagement: Engagement) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(survey__engagement=engagement)
        .select_related("contact", "response")
        .order_by("pk")
    )


def invitation_open_for(*, engagement: Engagement, user) -> Invitation | None:
    """The signed-in contact's own unanswered invitation to this engagement's survey, if any."""
    if not user.is_authenticated:
        return None
    return (
        Invitation.objects.filter(survey__engagement=engagement, contact__user=user, response__isnull=True)
        .select_related("survey")
        .first()
    )


@dataclass(frozen=True)
class Document:
    title: str
    url: str


def closed_engagement_documents(engagement: Engagement) -> list[Document]:
    """The documents of a closed engagement that exist, for its status page.

    Feedback is the top layer, so it may ask every lower app what it holds; each of those apps'
    own status panels links the same document by the same URL name."""
    documents = []
    quote = (
        Quote.objects.filter(engagement=engagement, status=Quote.Status.ACCEPTED).order_by("-version").first()
    )
    if quote is not None:
        documents.append(
            Document(
                _("The quote (PDF)"),
                reverse("quotes:customer_pdf", args=[engagement.reference, quote.version]),
            )
        )
    if MigrationJob.objects.filter(
        engagement=engagement, kind=MigrationJob.Kind.VERIFY, status=MigrationJob.Status.DONE
    ).exists():
        documents.append(
            Document(
                _("The migration's verification certificate (PDF)"),
                reverse("migration:certificate", args=[engagement.pk]),
            )
        )
    record = decommission_of(engagement)
    if record is not None and record.is_signed:
        documents.append(
            Document(
                _("The certificate of data sanitisation (PDF)"),
                reverse("decommission:certificate", args=[engagement.pk]),
            )
        )
    reconciliation = reconciliation_of(engagement=engagement)
    if reconciliation is not None and reconciliation.done_at is not None:
        documents.append(
            Document(
                _("The reconciliation (PDF)"),
                reverse("invoicing:reconciliation_pdf", args=[engagement.reference]),
            )
        )
    return documents


def is_closed(engagement: Engagement) -> bool:
    return engagement.phase == Phase.CLOSED


def charts_per_seller(responses: QuerySet[Response]) -> list[Chart]:
    """One chart per seller: their rating and the recommendation, per month."""
    samples: dict[str, list] = {}
    for response in responses.order_by("submitted_at"):
        seller = response.invitation.survey.engagement.seller
        name = seller.get_full_name() or seller.username
        samples.setdefault(name, []).append(
            (month_of(response.submitted_at), response.seller_rating, response.recommendation)
        )
    return [chart_build(name, rows) for name, rows in sorted(samples.items())]


def charts_per_consultant(responses: QuerySet[Response]) -> list[Chart]:
    """One chart per consultant: the project team's rating of the engagements they worked on."""
    rows = list(responses.order_by("submitted_at"))
    engagement_ids = {response.invitation.survey.engagement_id for response in rows}
    staffing: dict[int, list[int]] = {}
    for engagement_id, user_id in Engagement.consultants.through.objects.filter(
        engagement_id__in=engagement_ids
    ).values_list("engagement_id", "user_id"):
        staffing.setdefault(engagement_id, []).append(user_id)
    users = get_user_model().objects.in_bulk({pk for ids in staffing.values() for pk in ids})
    samples: dict[str, list] = {}
    for response in rows:
        for user_id in staffing.get(response.invitation.survey.engagement_id, []):
            user = users[user_id]
            name = user.get_full_name() or user.username
            samples.setdefault(name, []).append(
                (month_of(response.submitted_at), response.team_rating, response.recommendation)
            )
    return [chart_build(name, rows) for name, rows in sorted(samples.items())]
