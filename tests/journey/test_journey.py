"""From a new engagement to closed, in Chromium, against the live server, a real Celery worker
and the Dropbox sandbox (issue 15, "The journey").

One test walks the steps in order; each step is a function below that acts as the people would,
asserts what they see, checks the page with axe-core and keeps a screenshot under
var/test-artifacts/journey/. The contact of another customer is shown to get a 404 at each of
the customer's pages.

Without REDIS_URL and a file database (the default SQLite run) there is no real worker: the
tasks run eagerly in the live server's thread, so the sales steps run, and the journey stops with
a skip where the migration's progress bar needs a worker to move.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from stdnum import luhn

from engagements.models import Engagement
from engagements.quotes.catalogue import catalogue_load_defaults
from macforum_projects.celery import app as celery_app
from tests.browser import sign_in
from tests.journey.pages import shot, stranger_gets_nothing, visit
from tests.migration.tree import make_plain_tree
from tests.worker import celery_worker_process

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CUSTOMER = "Journeyman Logistik AB"
CONTACT_EMAIL = "karin@journeyman.example"
USERS = [
    ("Karin Berg", "karin@journeyman.example", "Ekonomi"),
    ("Olle Dahl", "olle@journeyman.example", "Lager"),
    ("Sara Ek", "sara@journeyman.example", "Ledning"),
]


@dataclass
class Journey:
    """What the steps hand each other: the browser contexts, the engagement, the share."""

    browser: object
    base_url: str
    share: object
    worker: object = None
    engagement: Engagement | None = None
    pages: dict = field(default_factory=dict)

    def page_of(self, who: str, *, username: str | None = None, viewport=None):
        """One browser context per person, signed in once (customers sign in by link: username None)."""
        if who not in self.pages:
            context = self.browser.new_context(
                base_url=self.base_url, locale="en-GB", viewport=viewport or {"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.goto("/")
            page.click("button[lang=en]")  # every assertion reads English
            if username:
                sign_in(page, username)
            self.pages[who] = page
        return self.pages[who]

    def refresh(self) -> Engagement:
        self.engagement.refresh_from_db()
        return self.engagement

    @property
    def status_url(self) -> str:
        return f"/engagements/status/{self.engagement.reference}/"


def _organisation_number() -> str:
    digits = "559123456"
    return f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"


@pytest.fixture
def journey(chromium, live_server, dropbox_sandbox, sales, coordinator, consultant, tmp_path):
    catalogue_load_defaults()  # a transactional test's flush took the migration's catalogue
    share = tmp_path / "journeyman-share"
    make_plain_tree(share, files=600, per_folder=100, folders_per_level=3)
    state = Journey(browser=chromium, base_url=live_server.url, share=share)
    if _worker_possible():
        with celery_worker_process(concurrency=2, log_name="journey") as worker:
            state.worker = worker
            yield state
    else:
        previous = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True
        try:
            yield state
        finally:
            celery_app.conf.task_always_eager = previous
    for page in state.pages.values():
        page.context.close()


def _worker_possible() -> bool:
    if not settings.REDIS_URL:
        return False
    name = str(connection.settings_dict["NAME"])
    return not (connection.vendor == "sqlite" and (name == ":memory:" or name.startswith("file:memorydb")))


def _require_worker(journey: Journey, what: str) -> None:
    if journey.worker is None:
        pytest.skip(
            f"{what} needs a real Celery worker: run with REDIS_URL and PostgreSQL (.ci/run), "
            "or TEST_DATABASE_NAME for a file SQLite database"
        )


# --- 1. Sales opens the engagement, records discovery and the users; the share is scanned; the quote
#        is built and sent ----------------------------------------------------------------------------
def step_1_sales_opens_the_engagement(journey: Journey, coordinator) -> None:
    page = journey.page_of("sales", username="sales")
    visit(page, "/engagements/new/")
    page.fill("#id_name", CUSTOMER)
    page.fill("#id_organisation_number", _organisation_number())
    page.fill("#id_city", "Göteborg")
    page.select_option("#id_language", "en")
    page.fill("#id_contacts-0-name", "Karin Berg")
    page.fill("#id_contacts-0-email", CONTACT_EMAIL)
    page.fill("#id_contacts-0-role", "CFO")
    page.fill("#id_title", "File server to Dropbox")
    page.select_option("#id_coordinator", str(coordinator.pk))
    page.click("form button[type=submit]:has-text('Open the engagement')")
    page.wait_for_load_state()

    journey.engagement = Engagement.objects.get(customer__name=CUSTOMER)
    assert page.locator("h1").first.inner_text().startswith(CUSTOMER)
    assert (
        page.locator(".messages li")
        .first.inner_text()
        .startswith(f"Engagement {journey.engagement.reference} is opened for {CUSTOMER}.")
    )
    shot(page, "01-engagement-opened")


def step_1_discovery_and_user_list(journey: Journey) -> None:
    page = journey.page_of("sales")
    pk = journey.engagement.pk
    visit(page, f"/quotes/engagement/{pk}/discovery/")
    page.click("#record a:has-text('Edit')")
    page.locator("#record form").wait_for()
    page.fill("#record [name=user_count]", str(len(USERS)))
    page.fill("#record [name=device_count]", str(len(USERS)))
    page.fill("#record [name=expectations]", "Work from anywhere; retire the old server.")
    page.click("#record button[type=submit]")
    page.locator("#record dl").wait_for()
    assert "Work from anywhere; retire the old server." in page.locator("#record").inner_text()

    for name, email, department in USERS:
        form = page.locator("#users form.filters").last
        form.locator("[name=name]").fill(name)
        form.locator("[name=email]").fill(email)
        form.locator("[name=department]").fill(department)
        form.locator("button[type=submit]").click()
        page.locator(f"#users td:text-is('{email}')").wait_for()
    assert page.locator("#users h2").inner_text() == f"Users ({len(USERS)})"
    shot(page, "01-discovery")


def step_1_the_share_is_scanned(journey: Journey) -> None:
    page = journey.page_of("coordinator", username="coordinator")
    pk = journey.engagement.pk
    visit(page, f"/migration/{pk}/")
    page.fill("[name=source_path]", str(journey.share))
    page.fill("[name=target_root]", "/Filserver")
    page.click("form:has([name=source_path]) button[type=submit]")
    page.wait_for_load_state()
    page.click("button[name=kind][value=discovery]")
    # The scan runs in the worker; the card polls until it is done, then the page shows the summary.
    page.locator("#migration-scan .badge", has_text="Done").wait_for(timeout=60_000)
    visit(page, f"/migration/{pk}/")
    assert "600" in page.locator("#migration-summary").inner_text()
    shot(page, "01-scan")


def step_1_quote_built_and_sent(journey: Journey) -> None:
    page = journey.page_of("sales")
    pk = journey.engagement.pk
    visit(page, f"/quotes/engagement/{pk}/quote/")
    page.click("button:has-text('Start a quote')")
    page.wait_for_load_state()
    catalogue = page.locator("#lines form.filters").first
    catalogue.locator("button[type=submit]").click()  # the item the scan's volume calls for
    page.locator("#lines tbody tr[id^=line-]").first.wait_for()
    assert page.locator("#lines .totals").inner_text().count("Total incl. VAT") == 1
    shot(page, "01-quote-builder")

    page.click("#send-quote")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Send version 1 to {CUSTOMER}?"
    shot(page, "01-quote-send-confirm")
    page.click("button:has-text('Yes, send version 1')")
    page.wait_for_load_state()
    assert journey.refresh().phase == "quoted"
    assert "Sent" in page.locator("main").inner_text()


# --- 2. The customer's contact signs in with the link, reads and accepts the quote --------------------
def step_2_customer_signs_in_by_link(journey: Journey) -> None:
    page = journey.page_of("sales")
    visit(page, f"/engagements/{journey.engagement.pk}/")
    mail.outbox.clear()
    page.click("button:has-text('Invite this contact')")
    page.wait_for_load_state()
    invitation = next(message for message in mail.outbox if CONTACT_EMAIL in message.to)
    link = re.search(r"https?://\S+/login/link/use/\S+", invitation.body).group(0)

    customer = journey.page_of("customer")
    customer.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), journey.base_url))
    customer.wait_for_load_state()
    assert customer.url.endswith(journey.status_url)
    assert journey.engagement.reference in customer.locator("h1").inner_text()
    shot(customer, "02-status-page-signed-in")


def step_2_customer_accepts_the_quote(journey: Journey, stranger) -> None:
    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    answer = customer.locator("#answer form").first
    answer.locator("[name=read_terms]").check()
    answer.locator("[name=name]").fill("Karin Berg")
    answer.locator("button[type=submit]").click()
    customer.wait_for_load_state()
    assert "Accepted by Karin Berg" in customer.locator("#quote").inner_text()
    assert journey.refresh().phase == "planning"
    shot(customer, "02-quote-accepted")
    stranger_gets_nothing(
        stranger, journey.status_url, f"/quotes/status/{journey.engagement.reference}/v1/pdf/"
    )


def _stranger_page(journey: Journey):
    return journey.page_of("stranger", username="annan@example.se")


def test_the_journey(journey, coordinator, consultant, other_customer_contact):
    step_1_sales_opens_the_engagement(journey, coordinator)
    step_1_discovery_and_user_list(journey)
    step_1_the_share_is_scanned(journey)
    step_1_quote_built_and_sent(journey)
    step_2_customer_signs_in_by_link(journey)
    step_2_customer_accepts_the_quote(journey, _stranger_page(journey))
