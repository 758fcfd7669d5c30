"""A customer name that would end or break a CSS string does not break the quote PDF."""

import io

from pypdf import PdfReader

from engagements.quotes.pdf import quote_pdf_bytes
from engagements.quotes.services import quote_send
from engagements.templatetags.css_strings import css_string_escape
from tests.quotes.factories import draft_with_lines

# A form feed is a newline to CSS: unescaped, it ended the header's string, `}` closed the @page
# rule, and the rest became a rule that hid the price table.
HOSTILE_NAME = "Berg\f} body { display: none } \"Söner\"\nAB \\ 'x' </style>"


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_customer_name_with_a_form_feed_quotes_and_a_newline_keeps_the_price_table(engagement, sales):
    engagement.customer.name = HOSTILE_NAME
    engagement.customer.language = "en"
    engagement.customer.save()
    quote = draft_with_lines(engagement, sales)
    quote_send(quote=quote, user=sales)
    quote.refresh_from_db()

    pages = _pages(quote_pdf_bytes(quote=quote))

    text = " ".join(pages)
    for line in (
        "Pre-study and discovery 1 fixed price SEK 8,500.00 SEK 8,500.00",
        "Inventering av skrivare 2.5 h SEK 1,150.33 SEK 2,875.83",
        "Total incl. VAT SEK 67,017.00",
    ):
        assert line in text, line
    # The running footer is still there, and the name shows in the header of page 2 as written
    # (the newline and form feed as white space).
    assert "Approved for F-tax" in pages[0]
    assert len(pages) >= 2
    assert "Berg } body { display: none } \"Söner\" AB \\ 'x' </style>" in pages[1]


def test_every_character_that_can_end_or_break_a_css_string_is_escaped_or_a_space():
    assert css_string_escape('a"b') == "a\\22 b"
    assert css_string_escape("a'b") == "a\\27 b"
    assert css_string_escape("a\\b") == "a\\5c b"
    assert css_string_escape("a\nb\rc\fd\te\vf") == "a b c d e f"
    assert css_string_escape("</style>") == "\\3c /style\\3e "
    assert css_string_escape("a\x00b\x01c\x7f\x85\x9f") == "abc"
    assert css_string_escape("Åkesson & Söner AB · 12") == "Åkesson & Söner AB · 12"
