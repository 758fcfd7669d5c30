from decimal import Decimal

import pytest

from engagements.quotes.models import FrozenQuoteError, Quote, QuoteLine
from engagements.quotes.services import quote_details_update, quote_line_update, quote_revise


def test_a_sent_version_is_frozen_and_editing_makes_version_two(sent, sales, english):
    line = sent.lines.first()
    with pytest.raises(FrozenQuoteError, match="make a new version"):
        quote_line_update(line=line, user=sales, quantity=Decimal("5"))
    with pytest.raises(FrozenQuoteError):
        quote_details_update(quote=sent, user=sales, scope_limitations="Allt ingår")

    draft = quote_revise(quote=sent, user=sales)

    sent.refresh_from_db()
    assert (sent.version, sent.status) == (1, Quote.Status.SENT)  # open until version 2 is sent
    assert (draft.version, draft.status) == (2, Quote.Status.DRAFT)
    assert [(row.description, row.quantity) for row in draft.lines.all()] == [
        (row.description, row.quantity) for row in sent.lines.all()
    ]
    assert sent.lines.get(pk=line.pk).quantity == line.quantity
    assert draft.pdf_filename == f"Offert-{sent.engagement.reference}-v2.pdf"


def test_the_model_refuses_to_rewrite_a_sent_version_whoever_calls_save(sent):
    quote = Quote.objects.get(pk=sent.pk)
    quote.terms = "Nya villkor"
    with pytest.raises(FrozenQuoteError):
        quote.save()
    line = QuoteLine.objects.get(pk=sent.lines.first().pk)
    line.unit_price = Decimal("1")
    with pytest.raises(FrozenQuoteError):
        line.save()
    with pytest.raises(FrozenQuoteError):
        line.delete()
    assert Quote.objects.get(pk=sent.pk).terms != "Nya villkor"


def test_revising_twice_gives_the_same_draft(sent, sales):
    first = quote_revise(quote=sent, user=sales)
    again = quote_revise(quote=sent, user=sales)
    assert first.pk == again.pk
    assert sent.engagement.quotes.count() == 2
