"""The feedback page for the consultancy, an engagement's feedback, and the customer's survey."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from feedback.access import get_engagement_to_view, refuse_other_customers, require_staff
from feedback.forms import SurveyForm
from feedback.selectors import (
    charts_per_consultant,
    charts_per_seller,
    invitations_of,
    responses_of,
    responses_visible_to,
    survey_of,
)
from feedback.services import SurveyLinkError, invitation_from_link, survey_answer

COMMENTS_SHOWN = 50


@login_required
def overview(request):
    """Per seller and per consultant, month by month, as charts, with the latest comments."""
    require_staff(request)
    responses = responses_visible_to(request.user)
    context = {
        "seller_charts": charts_per_seller(responses),
        "consultant_charts": charts_per_consultant(responses),
        "comments": [
            response
            for response in responses.order_by("-submitted_at")[: COMMENTS_SHOWN * 2]
            if response.seller_comment or response.team_comment
        ][:COMMENTS_SHOWN],
    }
    return render(request, "feedback/overview.html", context)


@login_required
def engagement_feedback(request, pk: int):
    engagement = get_engagement_to_view(request, pk)
    context = {
        "engagement": engagement,
        "survey": survey_of(engagement),
        "invitations": invitations_of(engagement),
        "responses": responses_of(engagement),
    }
    return render(request, "feedback/engagement.html", context)


def answer(request, token: str):
    """A contact's personal survey; no login. Forged, expired and used links get a page saying so."""
    try:
        invitation = invitation_from_link(token=token)
    except SurveyLinkError as error:
        return _refused(request, error)
    refuse_other_customers(request, invitation)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(token=token, **form.cleaned_data)
        except SurveyLinkError as error:
            return _refused(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "feedback/answered.html", {"engagement": invitation.survey.engagement})
    context = {"invitation": invitation, "engagement": invitation.survey.engagement, "form": form}
    return render(request, "feedback/answer.html", context, status=400 if form.errors else 200)


def _refused(request, error: SurveyLinkError):
    status = 404 if error.kind == "invalid" else 410
    return render(request, "feedback/link_refused.html", {"error": error}, status=status)
