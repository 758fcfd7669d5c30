import pytest

from tests.quotes.factories import draft_with_lines, sent_quote


@pytest.fixture
def draft(engagement, sales):
    return draft_with_lines(engagement, sales)


@pytest.fixture
def sent(engagement, sales):
    return sent_quote(engagement, sales)
