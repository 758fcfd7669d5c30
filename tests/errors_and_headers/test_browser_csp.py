"""The htmx pages keep working in Chromium under the Content-Security-Policy (issue 10 §5).

The live server runs with DEBUG off, as in production; the CSP middleware is always on. Every
test records the page's `securitypolicyviolation` events and console errors, and asserts none.
"""

from datetime import date

import pytest
from django.utils import timezone

from engagements.planning.models import Slot, Sprint, SprintStatus
from engagements.planning.services import sprint_create
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations (from its first script on) and console errors."""
    page.add_init_script(RECORD_VIOLATIONS)
    console_errors = []

    def record(message):
        # Chromium asks for /favicon.ico, which the site does not have (a 404, not our page's fault).
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", record)
    page.console_errors = console_errors
    return page


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_sprint_marked_done_swaps_in_place_without_a_violation(watched, engagement, coordinator):
    sprint = sprint_create(
        engagement=engagement,
        user=coordinator,
        consultant=engagement.consultants.get(),
        day=date(2027, 1, 12),
        slot=Slot.MORNING,
        goal="Inventering av servrar",
        override_reason="Test",
    )
    page = watched
    sign_in(page, "coordinator")
    response = page.goto(f"/planning/{engagement.pk}/")
    assert "script-src 'self'" in response.headers["content-security-policy"].split("; ")
    page.evaluate("window.__samePage = true")  # gone if the click reloaded the page

    row = page.locator("#sprints tr", has_text="Inventering av servrar")
    with page.expect_response(lambda r: r.url.endswith(f"/planning/sprints/{sprint.pk}/status/")):
        row.locator("form:has(input[name=status][value=done]) button").click()

    page.locator("#sprints .badge.status-done").wait_for()
    assert page.evaluate("window.__samePage") is True  # htmx swapped the table, no navigation
    assert Sprint.objects.get(pk=sprint.pk).status == SprintStatus.DONE
    assert _violations(page) == []
    assert page.console_errors == []


def test_engagement_search_filters_as_you_type_without_a_violation(watched, engagement, coordinator):
    from tests.factories import CustomerFactory, make_engagement

    make_engagement(customer=CustomerFactory(name="Zeta Zink AB"))
    page = watched
    sign_in(page, "coordinator")
    page.goto("/engagements/")
    assert page.locator("#results", has_text="Zeta Zink AB").count() == 1
    page.evaluate("window.__samePage = true")

    with page.expect_response(lambda r: "q=%C3%A5kesson" in r.url or "q=åkesson" in r.url):
        page.locator("input[name=q]").type("åkesson")

    page.locator("#results", has_text="Zeta Zink AB").wait_for(state="detached")
    assert page.locator("#results").first.inner_text().count("Åkesson Bygg AB") == 1
    assert page.evaluate("window.__samePage") is True
    assert _violations(page) == []
    assert page.console_errors == []


def test_consultant_picker_submits_on_change_from_a_static_script(watched, coordinator, consultant):
    page = watched
    sign_in(page, "coordinator")
    page.goto("/planning/calendar/")

    with page.expect_navigation():
        page.select_option("#id_consultant", str(consultant.pk))

    assert f"consultant={consultant.pk}" in page.url
    assert _violations(page) == []


def test_the_recorder_does_see_a_violation(watched, coordinator):
    """The control: an inline script is refused and reported, so an empty list above means something."""
    page = watched
    sign_in(page, "coordinator")
    page.goto("/planning/calendar/")

    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.append(s); }"
    )

    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert _violations(page)[0].startswith("script-src")
    assert timezone.now()  # the live server still answers after the refusal
