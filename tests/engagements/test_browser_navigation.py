"""The pages in a real browser: sign in, find an engagement, read its timeline, switch language."""

import pytest

from tests.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_finds_an_engagement_and_sees_its_phase(page, engagement, coordinator):
    sign_in(page, "coordinator")
    page.fill("input[name=q]", "åkesson")
    page.click("form.filters button[type=submit]")
    page.click(f"text={engagement.reference}")

    assert page.locator("h1").inner_text().startswith("Åkesson Bygg AB")
    assert page.locator(".timeline .step.current").get_attribute("aria-current") == "step"
    assert page.locator(".timeline .step.done").count() == 0  # still in discovery
    screenshot(page, "engagement-detail")


def test_language_switch_to_english_and_back(page, engagement, coordinator):
    sign_in(page, "coordinator")
    page.click("button[lang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Engagements"

    page.click("button[lang=sv]")
    assert page.locator("html").get_attribute("lang") == "sv"


def test_customer_lands_on_their_status_page_on_a_phone(page, engagement, customer_contact):
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, "kund@example.se")

    assert page.url.endswith(f"/engagements/status/{engagement.reference}/")
    assert engagement.reference in page.locator("h1").inner_text()
    screenshot(page, "status-page-phone")
