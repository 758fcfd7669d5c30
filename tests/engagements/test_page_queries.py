"""The engagement page and the customer's status page compose every phase's panel; their query
counts are pinned, and do not grow with the engagement's people, history and quote lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import roles
from engagements.phases import Phase
from engagements.services import staff_phone_set
from tests.factories import ContactFactory, UserFactory
from tests.phase_walk import walk_to

pytestmark = pytest.mark.usefixtures("english")

# Pinned at what the pages take in planning (issue 15, "Under load"); a new panel
# may raise these by its own few queries, never by a query per row.
ENGAGEMENT_PAGE_QUERIES = 44
STATUS_PAGE_QUERIES = 23


@pytest.fixture
def planning_engagement(engagement, sales, coordinator, customer_contact):
    """In planning: a sent and accepted quote with lines, a phase history, the team's phones."""
    staff_phone_set(staff=sales, phone="070-111 22 33", user=None)
    staff_phone_set(staff=coordinator, phone="070-444 55 66", user=None)
    walk_to(engagement, Phase.PLANNING, user=sales)
    return engagement


def _grow(engagement):
    """More of the rows the pages list: consultants and contacts."""
    engagement.consultants.add(*(UserFactory(role=roles.CONSULTANT) for _ in range(4)))
    for number in range(5):
        ContactFactory(customer=engagement.customer, email=f"kontakt{number}@example.se")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_engagement_page_queries_are_pinned_and_flat(
    client_for, coordinator, planning_engagement, django_assert_max_num_queries
):
    client = client_for(coordinator)
    url = reverse("engagements:detail", args=[planning_engagement.pk])
    client.get(url)
    before = _queries(client, url)
    _grow(planning_engagement)

    with django_assert_max_num_queries(ENGAGEMENT_PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("kontakt") >= 5  # the new contacts are on the page
    assert _queries(client, url) == before


def test_status_page_queries_are_pinned_and_flat(
    client_for, customer_contact, coordinator, planning_engagement, django_assert_max_num_queries
):
    client = client_for(customer_contact)
    url = reverse("engagements:status", args=[planning_engagement.reference])
    client.get(url)
    before = _queries(client, url)
    _grow(planning_engagement)

    with django_assert_max_num_queries(STATUS_PAGE_QUERIES):
        response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    # "Who to call" shows both phones, read with the engagement (no query per person).
    assert "070-111 22 33" in page
    assert "070-444 55 66" in page
    assert _queries(client, url) == before
