"""The catalogue reads in its reader's language; a quote line copies the name in the customer's."""

from engagements.quotes.forms import CatalogueLineForm
from engagements.quotes.models import CatalogueItem
from engagements.quotes.services import quote_draft_start, quote_line_add
from tests.language_fixtures import swedish  # noqa: F401 - fixture


def _labels():
    return [label for _value, label in CatalogueLineForm().fields["catalogue_item"].choices]


def test_the_catalogue_picker_is_english_for_an_english_reader(english, db):
    labels = _labels()

    assert "Pre-study and discovery" in labels
    assert "Förstudie och kartläggning" not in labels


def test_the_catalogue_picker_is_swedish_for_a_swedish_reader(swedish, db):  # noqa: F811
    labels = _labels()

    assert "Förstudie och kartläggning" in labels
    assert "Pre-study and discovery" not in labels


def test_a_line_added_by_an_english_reader_is_in_a_swedish_customers_language(english, engagement, sales):
    quote = quote_draft_start(engagement=engagement, user=sales)  # Åkesson Bygg AB reads Swedish

    line = quote_line_add(
        quote=quote, user=sales, catalogue_item=CatalogueItem.objects.get(code="pre-study"), quantity=1
    )

    assert line.description == "Förstudie och kartläggning"
