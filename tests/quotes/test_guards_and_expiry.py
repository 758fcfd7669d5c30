from datetime import timedelta

import pytest
from django.utils import timezone

from engagements.errors import PhaseTransitionError
from engagements.phases import Phase
from engagements.quotes.models import Quote
from engagements.quotes.tasks import quotes_expire_overdue
from engagements.services import engagement_advance
from tests.quotes.factories import accepted_quote, draft_with_lines


def test_quoted_needs_a_sent_quote(engagement, draft, coordinator, english):
    with pytest.raises(PhaseTransitionError, match="send the quote first"):
        engagement_advance(engagement=engagement, to_phase=Phase.QUOTED, user=coordinator)


def test_planning_needs_an_accepted_quote(sent, coordinator, english):
    with pytest.raises(PhaseTransitionError, match="accepted the quote"):
        engagement_advance(engagement=sent.engagement, to_phase=Phase.PLANNING, user=coordinator)


def test_accepting_moves_the_engagement_to_planning(engagement, sales, customer_contact):
    accepted_quote(engagement, sales, customer_contact)
    engagement.refresh_from_db()
    assert engagement.phase == Phase.PLANNING


def test_the_nightly_task_expires_sent_quotes_past_their_date_only(engagement, sales):
    from tests.factories import make_engagement

    old = draft_with_lines(engagement, sales)
    from engagements.quotes.services import quote_send

    quote_send(quote=old, user=sales)
    fresh = quote_send(quote=draft_with_lines(make_engagement(seller=sales), sales), user=sales)
    Quote.objects.filter(pk=old.pk).update(valid_until=timezone.localdate() - timedelta(days=1))

    assert quotes_expire_overdue.apply().get() == 1

    assert Quote.objects.get(pk=old.pk).status == Quote.Status.EXPIRED
    assert Quote.objects.get(pk=fresh.pk).status == Quote.Status.SENT
    assert engagement.audit_entries.filter(action="quote.expired").count() == 1
