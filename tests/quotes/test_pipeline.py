from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from engagements.quotes.models import Quote
from engagements.quotes.services import (
    quote_accept,
    quote_decline,
    quote_details_update,
    quote_revise,
    quote_send,
)
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
    assert "53\u00a0613,33\u00a0kr" in page.content.decode()  # no-break spaces: never wrapped


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


def _declined(quote, sales):
    quote_send(quote=quote, user=sales)
    return quote_decline(quote=quote, name="Bo", reason="Budget", ip=None, user=None)


def test_a_quote_counts_once_by_its_newest_sent_version(sales, client_for):
    """v1 and v2 declined, v3 accepted: one won quote, not one won of three."""
    won = make_engagement(seller=sales)
    v1 = _declined(draft_with_lines(won, sales), sales)
    v2 = _declined(quote_revise(quote=v1, user=sales), sales)
    v3 = quote_send(quote=quote_revise(quote=v2, user=sales), user=sales)
    quote_accept(quote=v3, name="Anna", ip=None, user=None)
    lost = make_engagement(seller=sales)
    _declined(draft_with_lines(lost, sales), sales)
    # Declined, and a new version is being written: the newest *sent* version's outcome counts.
    reworked = make_engagement(seller=sales)
    quote_revise(quote=_declined(draft_with_lines(reworked, sales), sales), user=sales)

    pipeline = client_for(sales).get(reverse("quotes:pipeline")).context["pipeline"]

    assert pipeline.acceptance_rate == 33  # 1 accepted of 3 quotes answered
    rows = {row.status: row.count for row in pipeline.rows}
    assert rows == {"draft": 1, "sent": 0, "accepted": 1, "declined": 1, "expired": 0}
    assert sorted((q.engagement_id, q.version) for q in pipeline.quotes) == sorted(
        [(won.pk, 3), (lost.pk, 1), (reworked.pk, 2)]
    )


def test_a_quote_whose_newest_version_waits_is_not_counted(sales, client_for):
    first = _declined(draft_with_lines(make_engagement(seller=sales), sales), sales)
    quote_send(quote=quote_revise(quote=first, user=sales), user=sales)  # v2 out, no answer yet
    quote_accept(
        quote=quote_send(quote=draft_with_lines(make_engagement(seller=sales), sales), user=sales),
        name="Anna",
        ip=None,
        user=None,
    )
    pipeline = client_for(sales).get(reverse("quotes:pipeline")).context["pipeline"]
    assert pipeline.acceptance_rate == 100
    assert {row.status: row.count for row in pipeline.rows}["sent"] == 1
