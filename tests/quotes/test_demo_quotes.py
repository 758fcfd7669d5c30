"""The demo shows both ways a quote is accepted: on the status page, and recorded by the seller."""

from engagements.quotes.demo import demo_accepted_quote
from engagements.quotes.models import OfflineAcceptance, Quote
from tests.factories import ContactFactory, make_engagement


def test_demo_accepts_some_quotes_on_the_status_page_and_records_others(sales):
    engagements = [make_engagement(seller=sales) for _ in range(2)]
    for engagement in engagements:
        ContactFactory(customer=engagement.customer)
        demo_accepted_quote(engagement)
    assert Quote.objects.filter(status=Quote.Status.ACCEPTED).count() == 2
    [recorded] = OfflineAcceptance.objects.all()
    assert recorded.recorded_by == sales and recorded.quote.answered_from_ip is None
    assert Quote.objects.filter(status=Quote.Status.ACCEPTED, answered_from_ip="192.0.2.44").count() == 1
