"""The PDF read back as text, in both languages, and page 1 as a PNG for a person to look at."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from engagements.pdf import ProjectFileFetcher
from engagements.quotes.pdf import quote_pdf_bytes
from engagements.quotes.services import quote_details_update, quote_send
from tests.quotes.factories import draft_with_lines

SCOPE = "E-postflytt ingår inte. Skrivare och ekonomisystemet Fortnox berörs inte."
LONG_SCOPE = "\n".join([SCOPE] + [f"Avgränsning {n}: mappen Arkiv {n} flyttas inte." for n in range(1, 60)])


def _sent_pdf(engagement, sales, *, language):
    engagement.customer.language = language
    engagement.customer.save()
    quote = draft_with_lines(engagement, sales)
    quote_details_update(quote=quote, user=sales, scope_limitations=LONG_SCOPE)
    quote_send(quote=quote, user=sales)
    quote.refresh_from_db()
    return quote, quote_pdf_bytes(quote=quote)


def _text(pdf: bytes) -> str:
    """All pages' text with every run of white space as one space: a long description may wrap."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _assert_common(text, quote):
    customer = quote.engagement.customer
    assert customer.name in text
    assert customer.organisation_number in text
    for description in ("Inventering av skrivare",):
        assert description in text
    assert SCOPE in text
    assert "Avgränsning 59: mappen Arkiv 59 flyttas inte." in text  # long texts flow onto later pages
    assert quote.valid_until.strftime("%Y-%m-%d") in text
    assert f"{quote.number}-v1" in text


def test_english_pdf_has_customer_every_line_vat_total_scope_and_validity(engagement, sales):
    quote, pdf = _sent_pdf(engagement, sales, language="en")
    text = _text(pdf)
    _assert_common(text, quote)
    for line in (
        "Pre-study and discovery 1 fixed price SEK 8,500.00 SEK 8,500.00",
        "Migration, 500 GB – 2 TB 1 fixed price SEK 32,000.00 SEK 32,000.00",
        "Installation per user, remote 18 user SEK 650.00 12.5 % SEK 10,237.50",
        "Inventering av skrivare 2.5 h SEK 1,150.33 SEK 2,875.83",
        "Subtotal excl. VAT SEK 53,613.33",
        "VAT 25 % on SEK 53,613.33 SEK 13,403.33",
        "Rounding SEK 0.34",
        "Total incl. VAT SEK 67,017.00",
        "Scope limitations",
        "Valid until",
        "Approved for F-tax",
        "Page 1 / ",
    ):
        assert line in text, line
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert "Förstudie" not in text and "Migrering" not in text, "section labels in the quote's language"
    _save_page_one_as_png(pdf, "quote-page1-en")


def test_the_running_header_shows_a_customer_name_with_quotes_and_ampersands_as_written(engagement, sales):
    engagement.customer.name = 'Lindgren & "Söner" <Transport> AB'
    engagement.customer.save()
    quote, pdf = _sent_pdf(engagement, sales, language="sv")
    page_two = " ".join(PdfReader(io.BytesIO(pdf)).pages[1].extract_text().split())
    assert f'Offert {quote.number}-v1 · Lindgren & "Söner" <Transport> AB' in page_two


def test_swedish_pdf_has_customer_every_line_moms_total_scope_and_validity(engagement, sales):
    quote, pdf = _sent_pdf(engagement, sales, language="sv")
    text = _text(pdf)
    _assert_common(text, quote)
    for line in (
        "Offert",
        "Förstudie och kartläggning 1 fast pris 8 500,00 kr 8 500,00 kr",
        "Migrering, 500 GB – 2 TB 1 fast pris 32 000,00 kr 32 000,00 kr",
        "Installation per användare, på distans 18 användare 650,00 kr 12,5 % 10 237,50 kr",
        "Inventering av skrivare 2,5 tim 1 150,33 kr 2 875,83 kr",
        "Summa exkl. moms 53 613,33 kr",
        "Moms 25 % på 53 613,33 kr 13 403,33 kr",
        "Öresavrundning 0,34 kr",
        "Att betala inkl. moms 67 017,00 kr",
        "Avgränsningar",
        "Giltig till",
        "Godkänd för F-skatt",
        "30 dagar netto",
        "Sida 1 / ",
    ):
        assert line in text, line
    _save_page_one_as_png(pdf, "quote-page1-sv")


def test_a_sent_version_is_rendered_once_and_served_from_its_frozen_bytes(sent):
    first = quote_pdf_bytes(quote=sent)
    assert first == quote_pdf_bytes(quote=sent)
    assert first.startswith(b"%PDF")


def test_the_fetcher_refuses_anything_but_project_files():
    fetcher = ProjectFileFetcher()
    for url in ("https://example.com/logo.svg", "http://127.0.0.1/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="Refused"):
            fetcher.fetch(url)
    logo = Path(settings.BASE_DIR) / "static" / "quotes" / "letterhead-logo.svg"
    assert fetcher.fetch(logo.as_uri()).status == 200


def _save_page_one_as_png(pdf: bytes, name: str) -> None:
    """var/test-artifacts/<name>.png, for a person to look at; `make test` installs pdftoppm."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    out_dir = Path(settings.BASE_DIR) / "var" / "test-artifacts"
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", str(out_dir / name)],
        input=pdf,
        check=True,
        timeout=60,
    )
    assert (out_dir / f"{name}.png").stat().st_size > 10_000
