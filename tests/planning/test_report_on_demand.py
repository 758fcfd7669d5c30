"""The coordinator drafts a weekly report on demand from the planning page, not only on Mondays."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements.models import AuditEntry
from engagements.phases import Phase
from engagements.planning.models import WeeklyReport
from tests.planning.conftest import put_in_phase

pytestmark = pytest.mark.usefixtures("english")

THIS_MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)


def _draft_url(engagement):
    return reverse("planning:report_draft", args=[engagement.pk])


def test_the_coordinator_drafts_this_weeks_report_from_the_planning_page(client_for, planned, coordinator):
    client = client_for(coordinator)
    plan = client.get(reverse("planning:engagement", args=[planned.pk])).content.decode()
    assert "Draft a report now" in plan
    assert (
        f'<option value="{LAST_MONDAY.isoformat()}" selected>Last week (week {LAST_MONDAY.isocalendar()[1]})'
        in plan
    )

    response = client.post(_draft_url(planned), {"week_start": THIS_MONDAY.isoformat()}, follow=True)

    report = WeeklyReport.objects.get(engagement=planned)
    assert report.week_start == THIS_MONDAY
    assert response.redirect_chain[-1][0] == reverse("planning:report", args=[report.pk])
    page = response.content.decode()
    assert f"The report of week {THIS_MONDAY.isocalendar()[1]} is drafted." in page
    # Nothing was planned that week, and the draft says so instead of "0 of 0 planned sprints done".
    assert "No sprints were planned this week." in page
    assert "0 of 0" not in page
    # The report itself is written in the customer's language (Swedish here) for the customer.
    assert report.done_text == "Inga sprintar var planerade den här veckan."
    entry = AuditEntry.objects.get(action="planning.weekly_report_drafted")
    assert (entry.actor, entry.engagement) == (coordinator, planned)


def test_a_week_with_a_report_is_not_drafted_twice(client_for, planned, coordinator):
    client = client_for(coordinator)
    client.post(_draft_url(planned), {"week_start": LAST_MONDAY.isoformat()})

    response = client.post(_draft_url(planned), {"week_start": LAST_MONDAY.isoformat()}, follow=True)

    assert WeeklyReport.objects.filter(engagement=planned).count() == 1
    assert (
        f"Week {LAST_MONDAY.isocalendar()[1]} already has a report; here it is." in response.content.decode()
    )


def test_the_planning_page_lists_an_empty_report_as_such(client_for, planned, coordinator):
    client = client_for(coordinator)
    client.post(_draft_url(planned), {"week_start": LAST_MONDAY.isoformat()})

    plan = client.get(reverse("planning:engagement", args=[planned.pk])).content.decode()

    assert "no sprints planned" in plan
    assert "0 of 0 sprints done" not in plan


def test_an_engagement_still_in_discovery_is_refused_with_a_sentence(client_for, engagement, coordinator):
    response = client_for(coordinator).post(
        _draft_url(engagement), {"week_start": LAST_MONDAY.isoformat()}, follow=True
    )

    assert "Weekly reports are drafted while work is going on: from planning until decommissioning." in (
        response.content.decode()
    )
    assert not WeeklyReport.objects.exists()


def test_a_week_not_offered_is_refused(client_for, planned, coordinator):
    response = client_for(coordinator).post(_draft_url(planned), {"week_start": "1999-01-04"}, follow=True)
    assert "Choose the week to draft a report of." in response.content.decode()
    assert not WeeklyReport.objects.exists()


@pytest.mark.parametrize("role", ["sales", "consultant"])
def test_seller_and_consultant_see_no_button_and_get_403(request, client_for, planned, role):
    client = client_for(request.getfixturevalue(role))
    assert (
        "Draft a report now"
        not in client.get(reverse("planning:engagement", args=[planned.pk])).content.decode()
    )
    assert client.post(_draft_url(planned), {"week_start": LAST_MONDAY.isoformat()}).status_code == 403
    assert not WeeklyReport.objects.exists()


def test_customers_get_403_and_staff_elsewhere_404(
    client_for, planned, customer_contact, other_customer_contact, other_consultant
):
    data = {"week_start": LAST_MONDAY.isoformat()}
    assert client_for(customer_contact).post(_draft_url(planned), data).status_code == 403
    assert client_for(other_customer_contact).post(_draft_url(planned), data).status_code == 403
    assert client_for(other_consultant).post(_draft_url(planned), data).status_code == 404
    assert not WeeklyReport.objects.exists()


def test_drafting_takes_post_only(client_for, planned, coordinator):
    assert client_for(coordinator).get(_draft_url(planned)).status_code == 405


def test_a_closed_engagement_is_refused(client_for, planned, coordinator):
    put_in_phase(planned, Phase.CLOSED)
    client_for(coordinator).post(_draft_url(planned), {"week_start": LAST_MONDAY.isoformat()})
    assert not WeeklyReport.objects.exists()
