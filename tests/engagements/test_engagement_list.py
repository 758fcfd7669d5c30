import pytest
from django.urls import reverse

from engagements.models import Engagement
from engagements.phases import Phase
from engagements.services import engagement_advance
from tests.factories import CustomerFactory, UserFactory, make_engagement

pytestmark = pytest.mark.django_db


def _bulk_engagements(count, *, seller, consultants):
    """Many engagements fast: one customer per engagement, rows written in bulk."""
    customers = CustomerFactory.create_batch(count)
    engagements = Engagement.objects.bulk_create(
        Engagement(reference=f"MF-2026-{9000 + i:05d}", customer=c, title="Flytt", seller=seller)
        for i, c in enumerate(customers)
    )
    through = Engagement.consultants.through
    through.objects.bulk_create(
        through(engagement_id=e.pk, user_id=u.pk) for e in engagements for u in consultants
    )
    return engagements


def test_list_of_1000_engagements_renders_in_constant_queries(
    client_for, coordinator, sales, consultant, other_consultant, django_assert_max_num_queries
):
    _bulk_engagements(1000, seller=sales, consultants=[consultant, other_consultant])
    client = client_for(coordinator)

    # session, user, groups, count, page, consultants prefetch, and the filter form's two selects
    with django_assert_max_num_queries(10):
        response = client.get(reverse("engagements:list"))

    assert response.status_code == 200
    assert response.content.decode().count("MF-2026-") >= 25
    with django_assert_max_num_queries(10):
        client.get(reverse("engagements:list"), {"page": 40})


def test_filters_and_search(client_for, coordinator, sales, other_sales, consultant):
    mine = make_engagement(
        customer=CustomerFactory(name="Åkesson Bygg AB"), seller=sales, consultants=[consultant]
    )
    theirs = make_engagement(customer=CustomerFactory(name="Nordqvist Redovisning AB"), seller=other_sales)
    engagement_advance(engagement=theirs, to_phase=Phase.LOST, user=coordinator)
    client = client_for(coordinator)

    def refs(**params):
        html = client.get(reverse("engagements:list"), params).content.decode()
        return {e.reference for e in (mine, theirs) if e.reference in html}

    assert refs() == {mine.reference, theirs.reference}
    assert refs(phase=Phase.LOST) == {theirs.reference}
    assert refs(seller=sales.pk) == {mine.reference}
    assert refs(consultant=consultant.pk) == {mine.reference}
    assert refs(q="åkesson") == {mine.reference}
    assert refs(q=theirs.reference) == {theirs.reference}


def test_htmx_request_gets_only_the_results_partial(client_for, coordinator, engagement):
    response = client_for(coordinator).get(reverse("engagements:list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html
    assert "<html" not in html


def test_sales_sees_only_what_they_sell(client_for, sales):
    mine = make_engagement(seller=sales)
    other = make_engagement(seller=UserFactory(role="sales"))
    html = client_for(sales).get(reverse("engagements:list")).content.decode()
    assert mine.reference in html
    assert other.reference not in html
