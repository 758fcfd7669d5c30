"""The licence plan writes seats × months into a draft quote, and is refused on a sent one."""

from decimal import Decimal

import pytest

from engagements.quotes.models import Quote, QuoteLine
from engagements.quotes.services import quote_draft_start
from licensing.services import LicencePlanError, licence_lines_write, licence_plan_save
from tests.licensing.licence_helpers import plan, user_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(engagement, sales):
    user_list(engagement, 8)
    licence_plan_save(engagement=engagement, plan=plan("standard"), buffer_seats=2, months=12, user=sales)
    return engagement


def test_the_licence_line_goes_into_the_draft(planned, sales, english):
    quote = quote_draft_start(engagement=planned, user=sales)
    licence_lines_write(engagement=planned, user=sales)

    line = QuoteLine.objects.get(quote=quote, section="licences")
    assert line.quantity == Decimal("120")  # 10 seats × 12 months
    assert line.unit == "user_month"
    assert line.unit_price == Decimal("165.00")
    assert line.catalogue_item.code == "dropbox-standard"


def test_writing_again_replaces_the_line(planned, sales):
    quote = quote_draft_start(engagement=planned, user=sales)
    licence_lines_write(engagement=planned, user=sales)
    licence_plan_save(engagement=planned, plan=plan("advanced"), buffer_seats=0, months=6, user=sales)
    licence_lines_write(engagement=planned, user=sales)

    lines = QuoteLine.objects.filter(quote=quote, section="licences")
    assert [(line.quantity, line.unit_price) for line in lines] == [(Decimal("48"), Decimal("260.00"))]


def test_refused_on_a_sent_quote(planned, sales, english):
    quote = quote_draft_start(engagement=planned, user=sales)
    Quote.objects.filter(pk=quote.pk).update(status=Quote.Status.SENT)

    with pytest.raises(LicencePlanError) as refused:
        licence_lines_write(engagement=planned, user=sales)

    assert str(refused.value) == (
        "The licence lines can only be written into a draft quote; make a new version of the quote first."
    )
    assert not QuoteLine.objects.filter(quote=quote, section="licences").exists()
