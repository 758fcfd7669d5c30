"""The calendar's query string and the planning forms' dates that gave a 500 (issue 10 §4)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from engagements.planning.models import Sprint
from engagements.planning.workdays import monday_of

pytestmark = pytest.mark.django_db


def warnings_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("week", ["0001-01-01", "0001-01-15", "9999-12-20", "9999-12-31"])
def test_a_week_at_the_ends_of_the_calendar_is_refused_with_a_sentence(
    english, coordinator, client_for, week
):
    response = client_for(coordinator).get(reverse("planning:calendar"), {"week": week})

    assert response.status_code == 200
    assert response.context["weeks"][0]["monday"] == monday_of(timezone.localdate())
    [warning] = warnings_of(response)
    assert warning.startswith("Choose a date between ")


@pytest.mark.parametrize("week", ["x", "2026-W99"])
def test_a_week_that_is_no_date_says_so(english, consultant, client_for, week):
    response = client_for(consultant).get(reverse("planning:calendar"), {"week": week})

    assert response.status_code == 200
    assert warnings_of(response) == [f"“{week}” is not a date; showing this week."]


@pytest.mark.parametrize("wanted", ["²", "-1", "99999999999999999999", "٣"])
def test_a_consultant_id_that_is_no_consultant_shows_your_own_calendar(
    english, coordinator, client_for, wanted
):
    response = client_for(coordinator).get(reverse("planning:calendar"), {"consultant": wanted})

    assert response.status_code == 200
    assert response.context["person"] == coordinator
    assert warnings_of(response) == ["There is no such consultant."]


def test_a_planner_still_picks_a_consultant(coordinator, consultant, client_for):
    response = client_for(coordinator).get(reverse("planning:calendar"), {"consultant": str(consultant.pk)})

    assert response.context["person"] == consultant


def test_a_template_laid_out_from_9999_12_31_is_a_form_error(
    english, engagement, coordinator, consultant, client_for
):
    from engagements.phases import Phase
    from tests.phase_walk import walk_to

    walk_to(engagement, Phase.PLANNING)
    response = client_for(coordinator).post(
        reverse("planning:template_lay_out", args=[engagement.pk]),
        {"template": "pre_study", "start": "9999-12-31", "consultant": consultant.pk},
    )

    assert response.status_code == 422
    [error] = response.context["template_form"].errors["start"]
    assert error.startswith("Choose a date between ")
    assert not Sprint.objects.filter(engagement=engagement).exists()
