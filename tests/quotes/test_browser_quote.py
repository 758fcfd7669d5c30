"""The quote in a real browser: inline line editing with htmx, and the customer accepting."""

import pytest

from engagements.phases import Phase
from engagements.quotes.models import Quote
from tests.browser import screenshot, sign_in
from tests.quotes.factories import draft_with_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seller_edits_a_line_inline_and_sends_the_quote(page, engagement, sales):
    quote = draft_with_lines(engagement, sales)
    line = quote.lines.get(description="Inventering av skrivare")
    sign_in(page, "sales")
    page.goto(f"/quotes/engagement/{engagement.pk}/quote/")

    page.click(f"#line-{line.pk} >> text=Ändra")
    page.fill(f"#line-{line.pk} input[name=quantity]", "4")
    page.fill(f"#line-{line.pk} input[name=unit_price]", "1000")
    page.click(f"#line-{line.pk} button[type=submit]")

    # htmx swapped the lines and totals in place: the new amount shows without a page load.
    page.wait_for_selector(f"#line-{line.pk} >> text=4\u00a0000,00\u00a0kr")
    assert "4\u00a0000,00\u00a0kr" in page.locator("#lines").inner_text()
    screenshot(page, "quote-builder")

    page.click("#send-quote")  # a page that asks for confirmation, then the send itself
    page.click("text=Ja, skicka version 1")
    page.wait_for_load_state()
    assert Quote.objects.get(pk=quote.pk).status == Quote.Status.SENT


def test_customer_reads_the_quote_and_accepts_it_last(page, engagement, sales, customer_contact):
    from engagements.quotes.services import quote_send

    quote_send(quote=draft_with_lines(engagement, sales), user=sales)
    sign_in(page, "kund@example.se")
    assert page.locator("#quote").is_visible()
    page.check("#quote input[name=read_terms]")
    page.fill("#quote form:has(input[name=read_terms]) input[name=name]", "Anna Åkesson")
    screenshot(page, "quote-status-panel")
    page.click("#quote form:has(input[name=read_terms]) button[type=submit]")
    page.wait_for_selector("text=Tack! Offerten är godkänd")

    engagement.refresh_from_db()
    assert engagement.phase == Phase.PLANNING
    assert engagement.quotes.get().answered_by_name == "Anna Åkesson"


def test_consultant_fills_in_the_discovery_record_inline(page, engagement, consultant):
    from engagements.quotes.models import DiscoveryRecord

    sign_in(page, "consultant")
    page.goto(f"/quotes/engagement/{engagement.pk}/discovery/")
    page.click("#record >> text=Ändra")
    page.fill("#record input[name=user_count]", "18")
    page.fill("#record input[name=mail_provider]", "Microsoft 365")
    page.click("#record button[type=submit]")

    page.wait_for_selector("#record >> text=Microsoft 365")
    assert page.locator("#record form").count() == 0  # back to reading, in place
    screenshot(page, "discovery")
    record = DiscoveryRecord.objects.get(engagement=engagement)
    assert (record.user_count, record.mail_provider) == (18, "Microsoft 365")


def test_coordinator_records_a_signed_copy_returned_by_email(page, engagement, sales, coordinator):
    from engagements.quotes.services import quote_send

    quote = quote_send(quote=draft_with_lines(engagement, sales), user=sales)
    sign_in(page, "coordinator")
    page.goto(f"/quotes/engagement/{engagement.pk}/quote/")
    page.click("#record-acceptance summary")
    page.fill("#record-acceptance input[name=name]", "Anna Åkesson")
    page.check("#record-acceptance input[name=channel][value=email]")
    page.set_input_files(
        "#record-acceptance input[name=signed_copy]",
        files=[{"name": "signerad.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF\n"}],
    )
    page.click("#record-acceptance button[type=submit]")

    page.wait_for_selector("#recorded-acceptance")
    screenshot(page, "quote-acceptance-recorded")
    engagement.refresh_from_db()
    quote.refresh_from_db()
    assert engagement.phase == Phase.PLANNING
    assert (quote.status, quote.answered_by_name) == (Quote.Status.ACCEPTED, "Anna Åkesson")
    assert bytes(quote.offline_acceptance.signed_copy) == b"%PDF-1.7\n%%EOF\n"
