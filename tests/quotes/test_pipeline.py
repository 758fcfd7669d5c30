from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from engagements.quotes.models import Quote
from engagements.quotes.services import quote_decline, quote_details_update, quote_send
from tests.factories import make_engagement
from tests.quotes.factories import accepted_quote, draft_with_lines


def _quotes_for(seller, count):
    for _ in range(count):
        draft_with_lines(make_engagement(seller=seller), seller)


def test_pipeline_shows_status_value_rate_and_what_expires_soon(sales, other_sales, client_for):
    accepted_quote(make_engagement(seller=sales), sales)
    declined = quote_send(quote=draft_with_lines(make_engagement(seller=sales), sales), user=sales)
    quote_decline(quote=declined, name="Bo", reason="Budget", ip=None, user=None)
    soon = draft_with_lines(make_engagement(seller=sales), sales)
    quote_details_update(quote=soon, user=sales, valid_until=timezone.localdate() + timedelta(days=3))
    quote_send(quote=soon, user=sales)
    _quotes_for(other_sales, 1)  # not hers

    page = client_for(sales).get(reverse("quotes:pipeline"))
    pipeline = page.context["pipeline"]
    rows = {row.status: (row.count, row.value) for row in pipeline.rows}
    assert rows["accepted"] == (1, Decimal("53613.33"))
    assert rows["draft"] == (0, Decimal("0"))
    assert pipeline.acceptance_rate == 50
    assert [q.pk for q in pipeline.expiring] == [soon.pk]
    assert "53 613,33 kr" in page.content.decode()


def test_coordinators_see_every_sellers_quotes(sales, other_sales, coordinator, client_for):
    _quotes_for(sales, 1)
    _quotes_for(other_sales, 1)
    pipeline = client_for(coordinator).get(reverse("quotes:pipeline")).context["pipeline"]
    assert len(pipeline.quotes) == 2


def test_pipeline_query_count_does_not_grow_with_quotes(
    coordinator, sales, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    _quotes_for(sales, 2)
    with django_assert_max_num_queries(6):
        client.get(reverse("quotes:pipeline"))
    _quotes_for(sales, 6)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("quotes:pipeline"))
    assert len(response.context["pipeline"].quotes) == 8
    assert Quote.objects.count() == 8
