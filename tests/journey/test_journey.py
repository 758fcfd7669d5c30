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
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from stdnum import luhn

from engagements.models import Engagement
from engagements.quotes.catalogue import catalogue_load_defaults
from macforum_projects.celery import app as celery_app
from tests.browser import sign_in
from tests.journey.pages import shot, stranger_gets_nothing, visit
from tests.migration.tree import make_plain_tree
from tests.worker import celery_worker_process, wait_until

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
def booking_cache(settings):
    """The "Book a meeting" rate limit counts per address in a cache: Redis when REDIS_URL is set,
    where the counts of earlier tests (and runs) from 127.0.0.1 would still be. Like the booking
    tests, point it at this process's memory (the live server is a thread of it), empty."""
    settings.CACHES = {
        **settings.CACHES,
        settings.BOOK_A_MEETING_CACHE: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "book-a-meeting-journey",
        },
    }
    caches[settings.BOOK_A_MEETING_CACHE].clear()


@pytest.fixture
def journey(chromium, live_server, dropbox_sandbox, booking_cache, sales, coordinator, consultant, tmp_path):
    # A transactional test's flush took the rows the data migrations wrote: the catalogue, the plans.
    catalogue_load_defaults()
    import_module("licensing.migrations.0002_default_dropbox_plans").load_plans(django_apps, None)
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


# --- 1. A prospect books a meeting; sales takes it, records discovery and the users; the share is
#        scanned; the quote is built and sent --------------------------------------------------------
def step_1_prospect_books_a_meeting(journey: Journey, sales) -> None:
    """An anonymous visitor on the public page, through the seller's own link (`?seller=`), so the
    request goes to the journey's seller rather than the next one in turn."""
    page = journey.page_of("prospect")
    visit(page, f"/book-a-meeting/?seller={sales.username}")
    assert page.locator("h1").inner_text() == "Book a meeting"
    page.get_by_label("Company name").fill(CUSTOMER)
    page.get_by_label("Organisation number").fill(_organisation_number())
    page.get_by_label("Your name").fill("Karin Berg")
    page.get_by_label(re.compile(r"^E-mail")).fill(CONTACT_EMAIL)
    page.get_by_label("Phone").fill("031-123 45 67")
    page.get_by_label("Number of users").fill(str(len(USERS)))
    page.get_by_label("Roughly how much data").select_option(label="Less than 100 GB")
    page.get_by_label("Where are your files today?").fill("A Windows server in the office")
    page.get_by_label("Which e-mail do you use today?").fill("Microsoft 365")
    page.get_by_label("What do you hope for?").fill("Reach our files from anywhere.")
    page.get_by_label("When would suit you for a call?").fill("Weekday mornings")
    shot(page, "01-book-a-meeting")
    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_load_state()

    assert urlsplit(page.url).path == "/book-a-meeting/thanks/"
    assert page.locator("h1").inner_text() == "Thank you"
    assert sales.username not in page.locator("main").inner_text()  # the page names no seller
    shot(page, "01-meeting-booked")


def step_1_sales_takes_the_engagement(journey: Journey, sales) -> None:
    page = journey.page_of("sales", username="sales")
    visit(page, "/engagements/")
    row = page.locator("#results tbody tr", has_text=CUSTOMER)
    assert row.count() == 1
    assert "First call, booked on the web" in row.inner_text()
    assert "Discovery" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_load_state()

    journey.engagement = Engagement.objects.get(customer__name=CUSTOMER)
    assert journey.engagement.seller == sales
    assert urlsplit(page.url).path == f"/engagements/{journey.engagement.pk}/"
    assert page.locator("h1").first.inner_text().startswith(CUSTOMER)
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


def test_the_journey(journey, sales, coordinator, consultant, other_customer_contact, dropbox_sandbox):
    step_1_prospect_books_a_meeting(journey, sales)
    step_1_sales_takes_the_engagement(journey, sales)
    step_1_discovery_and_user_list(journey)
    step_1_the_share_is_scanned(journey)
    step_1_quote_built_and_sent(journey)
    step_2_customer_signs_in_by_link(journey)
    step_2_customer_accepts_the_quote(journey, _stranger_page(journey))
    step_3_coordinator_plans_sprints(journey, consultant)
    step_3_weekly_report_drafted_reviewed_sent(journey, _stranger_page(journey))
    step_4_phase_to_migrating(journey)
    step_4_dropbox_connected_and_agreement_recorded(journey)
    step_4_licences(journey, dropbox_sandbox)
    step_4_folder_plan_approved_and_applied(journey, _stranger_page(journey))
    step_4_bulk_migration_with_a_moving_bar(journey, dropbox_sandbox)
    step_4_delta_and_verification(journey)
    step_4_status_page_fits_a_phone(journey, _stranger_page(journey))
    step_5_installations_booked_and_done(journey, consultant)
    step_5_training_releases_access(journey, consultant)
    step_5_support_asked_and_answered(journey, _stranger_page(journey))
    step_6_server_sanitised(journey, consultant)
    step_6_credit_invoices_reconciliation(journey)
    step_6_survey_answered(journey, _stranger_page(journey))
    step_7_closed(journey, _stranger_page(journey))


# --- 3. The coordinator plans sprints; a weekly report is drafted, reviewed and sent ------------------
def _next_working_tuesday():
    day = timezone.localdate() + timedelta(days=2)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return day


def step_3_coordinator_plans_sprints(journey: Journey, consultant) -> None:
    page = journey.page_of("coordinator")
    pk = journey.engagement.pk
    visit(page, f"/planning/{pk}/")
    page.locator(f"#team input[name=consultants][value='{consultant.pk}']").check()
    page.click("#team button[type=submit]")
    page.wait_for_load_state()
    sprint = page.locator("#add-sprint form")
    sprint.locator("[name=day]").fill(_next_working_tuesday().isoformat())
    sprint.locator("[name=consultant]").select_option(str(consultant.pk))
    sprint.locator("[name=goal]").fill("Kick-off and migration plan")
    sprint.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Kick-off and migration plan" in page.locator("#sprints").inner_text(), page.locator(
        "main"
    ).inner_text()
    shot(page, "03-planning")


def step_3_weekly_report_drafted_reviewed_sent(journey: Journey, stranger) -> None:
    page = journey.page_of("coordinator")
    visit(page, f"/planning/{journey.engagement.pk}/")
    page.click("#report-draft button[type=submit]")
    page.wait_for_load_state()
    assert "/planning/reports/" in page.url
    assert_accessible_report = page.url
    page.locator("[name=done_text]").fill("Discovery done, the share scanned, the quote accepted.")
    page.locator("[name=reviewed]").check()
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    shot(page, "03-report-reviewed")
    mail.outbox.clear()
    page.click("button:has-text('Send to the customer')")
    page.wait_for_load_state()
    assert any(CONTACT_EMAIL in message.to for message in mail.outbox)

    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    assert "Discovery done, the share scanned, the quote accepted." in customer.locator("main").inner_text()
    shot(customer, "03-status-page-report")
    report_pk = assert_accessible_report.rstrip("/").rsplit("/", 1)[-1]
    stranger_gets_nothing(
        stranger,
        journey.status_url,
        f"/planning/status/{journey.engagement.reference}/reports/{report_pk}.pdf",
    )


# --- 4. Dropbox, licences, the folder plan; the migration with its progress bar, delta, verification --
def step_4_phase_to_migrating(journey: Journey) -> None:
    page = journey.page_of("coordinator")
    visit(page, f"/engagements/{journey.engagement.pk}/")
    page.select_option("#id_to_phase", "migrating")
    page.click("form.phase-form button[type=submit]")
    page.wait_for_load_state()
    assert journey.refresh().phase == "migrating"


def step_4_dropbox_connected_and_agreement_recorded(journey: Journey) -> None:
    # Connecting is the coordinator's (or the seller's): consultants may not (dropbox_integration.access).
    page = journey.page_of("coordinator")
    visit(page, f"/engagements/{journey.engagement.pk}/")
    page.click("button:has-text('Connect Dropbox')")  # the sandbox approves server-side
    page.wait_for_load_state()
    assert page.locator(".messages li").first.inner_text() == f"Connected to the Dropbox team “{CUSTOMER}”."
    shot(page, "04-dropbox-connected")

    visit(page, f"/privacy/engagements/{journey.engagement.pk}/agreement/")
    page.fill("[name=version]", "PUB 2026-1")
    page.fill("[name=signed_on]", timezone.localdate().isoformat())
    page.fill("[name=signer_name]", "Karin Berg")
    page.fill("[name=signer_role]", "CFO")
    page.set_input_files(
        "[name=document]",
        files=[{"name": "pub.pdf", "mimeType": "application/pdf", "buffer": _minimal_pdf()}],
    )
    page.click("button:has-text('Record the agreement')")
    page.wait_for_load_state()
    assert "Download the signed agreement" in page.locator("main").inner_text()
    shot(page, "04-processor-agreement")


def _minimal_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def step_4_licences(journey: Journey, dropbox_sandbox) -> None:
    # Eager tasks in the live server's thread and this test's reads lock SQLite's shared in-memory
    # database against each other; the invitations, folder jobs and migration need the real worker.
    _require_worker(journey, "step 4 from the invitations into Dropbox on")
    # The seller sets the licence plan and who needs an account; the consultant invites them.
    seller = journey.page_of("sales")
    visit(seller, f"/licensing/engagement/{journey.engagement.pk}/")
    seller.click("button:has-text('Save the plan')")
    seller.wait_for_load_state()
    seller.click("button:has-text('Save who needs an account')")
    seller.wait_for_load_state()
    page = journey.page_of("consultant", username="consultant")
    visit(page, f"/licensing/engagement/{journey.engagement.pk}/")
    page.click("button:has-text('Invite into Dropbox')")
    wait_until(lambda: _invited(journey), timeout=60, message="the invitations into Dropbox")
    team_id = journey.engagement.dropbox_connection.team_id
    dropbox_sandbox.accept_invitations(team_id)
    visit(page, f"/licensing/engagement/{journey.engagement.pk}/")
    shot(page, "04-licences")


def _invited(journey: Journey) -> bool:
    from licensing.selectors import team_members_of

    members = team_members_of(engagement=journey.engagement)
    return members.count() == len(USERS) and not members.filter(status="not_invited").exists()


def step_4_folder_plan_approved_and_applied(journey: Journey, stranger) -> None:
    page = journey.page_of("consultant")
    url = f"/licensing/folders/{journey.engagement.pk}/"
    visit(page, url)
    page.click("button:has-text('Copy the existing structure')")
    page.wait_for_load_state()
    page.click("button:has-text('Groups from the user list')")
    page.wait_for_load_state()
    access = page.locator("form:has(button:has-text('Set access'))")
    access.locator("[name=grantee]").select_option(label="Ekonomi")
    access.locator("[name=folder]").select_option(index=0)
    access.locator("[name=level]").select_option("editor")
    access.locator("button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "04-folder-plan")

    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    customer.fill("form:has(button:has-text('Approve the folder plan')) [name=name]", "Karin Berg")
    customer.click("button:has-text('Approve the folder plan')")
    customer.wait_for_load_state()
    assert "Approved by Karin Berg" in customer.locator("main").inner_text()
    shot(customer, "04-folder-plan-approved")
    stranger_gets_nothing(stranger, journey.status_url)

    visit(page, url)
    page.click("button:has-text('Apply in Dropbox')")
    page.wait_for_load_state()


def step_4_bulk_migration_with_a_moving_bar(journey: Journey, dropbox_sandbox) -> None:
    _require_worker(journey, "the bulk migration's moving progress bar")
    page = journey.page_of("coordinator")
    url = f"/migration/{journey.engagement.pk}/"
    visit(page, url)
    seen = []
    with dropbox_sandbox.set_faults(latency_ms=40):  # slow enough for the bar to be seen between 0 and 100
        page.click("button:has-text('Start bulk migration')")
        bar = page.locator("#migration-progress [role=progressbar]")
        bar.wait_for()

        def finished():
            value = bar.get_attribute("aria-valuenow")
            if not seen or seen[-1] != value:
                seen.append(value)
            return journey.engagement.migration_jobs.filter(kind="bulk", status="done").exists()

        wait_until(finished, timeout=90, interval=0.1, message="the bulk migration")
    page.locator("#migration-progress .badge", has_text="Done").wait_for(timeout=20_000)
    seen.append(bar.get_attribute("aria-valuenow"))
    assert len(set(seen)) >= 2, f"the progress bar never moved: {seen}"
    assert seen[-1] == "100"
    visit(page, url)
    shot(page, "04-bulk-done")


def step_4_delta_and_verification(journey: Journey) -> None:
    page = journey.page_of("coordinator")
    url = f"/migration/{journey.engagement.pk}/"
    (journey.share / "Nytt efter bulk.txt").write_text("a file made after the bulk run", encoding="utf-8")
    page.click("button[name=kind][value=delta]")
    wait_until(
        lambda: journey.engagement.scan_runs.filter(kind="delta", status="done").exists(),
        timeout=60,
        message="the delta scan",
    )
    visit(page, url)
    assert "1 files to upload" in page.locator("#migration-scan").inner_text()
    page.click("button:has-text('Apply the delta')")
    wait_until(
        lambda: journey.engagement.migration_jobs.filter(kind="delta", status="done").exists(),
        timeout=60,
        message="the delta",
    )
    visit(page, url)
    page.click("button:has-text('Verify in Dropbox')")
    wait_until(
        lambda: journey.engagement.migration_jobs.filter(kind="verify", status="done").exists(),
        timeout=60,
        message="the verification",
    )
    visit(page, url)
    shot(page, "04-verified")
    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    shot(customer, "04-status-page-migrated")


WIDER_THAN_VIEWPORT = """
[...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth)
  .slice(0, 8)
  .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
"""


def step_4_status_page_fits_a_phone(journey: Journey, stranger) -> None:
    customer = journey.page_of("customer")
    customer.set_viewport_size({"width": 390, "height": 844})
    visit(customer, journey.status_url)
    assert customer.evaluate("document.documentElement.scrollWidth") <= 390, customer.evaluate(
        WIDER_THAN_VIEWPORT
    )
    shot(customer, "04-status-page-phone")
    customer.set_viewport_size({"width": 1280, "height": 900})
    stranger_gets_nothing(
        stranger, journey.status_url, f"/migration/status/{journey.engagement.reference}/progress/"
    )


# --- 5. Installation and training; access released and seen in Dropbox; a support request ----------
def _advance(journey: Journey, to_phase: str) -> None:
    page = journey.page_of("coordinator")
    visit(page, f"/engagements/{journey.engagement.pk}/")
    page.select_option("#id_to_phase", to_phase)
    page.click("form.phase-form button[type=submit]")
    page.wait_for_load_state()
    assert journey.refresh().phase == to_phase, page.locator(".messages").inner_text()


def _member_folders(journey: Journey, email: str) -> list[str]:
    """What the person sees at the top of the team space, as themselves, through the SDK."""
    from dropbox import common

    from dropbox_integration.client import team_client
    from licensing.selectors import team_members_of

    member = team_members_of(engagement=journey.engagement).get(customer_user__email=email)
    connection_ = journey.engagement.dropbox_connection
    client = team_client(journey.engagement).as_user(member.team_member_id)
    client = client.with_path_root(common.PathRoot.root(connection_.root_namespace_id))
    return sorted(entry.name for entry in client.files_list_folder("").entries)


def step_5_installations_booked_and_done(journey: Journey, consultant) -> None:
    _advance(journey, "rollout")
    page = journey.page_of("consultant")
    url = f"/training/installation/{journey.engagement.pk}/"
    visit(page, url)
    page.click(f"button:has-text('Plan {len(USERS)} people from the user list')")
    page.wait_for_load_state()
    book = page.locator("#book form")
    for index in range(len(USERS)):
        book.locator("[name=installations]").nth(index).check()
    book.locator("[name=consultant]").select_option(str(consultant.pk))
    book.locator("[name=day]").fill(timezone.localdate().isoformat())
    book.locator("[name=slot]").select_option("morning")
    book.locator("[name=override_reason]").fill("The customer asked for today.")
    book.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#installations tbody tr").first.locator("td").nth(4).inner_text() != "–", (
        page.locator("main").inner_text()
    )
    for index in range(len(USERS)):
        row = page.locator("#installations tbody tr").nth(index)
        row.locator("[name=action]").select_option("installed")
        row.locator("button:has-text('Record')").click()
        page.wait_for_load_state()
    assert page.locator("#installations tbody .badge").all_inner_texts() == ["Installed"] * len(USERS)
    shot(page, "05-installations")


def step_5_training_releases_access(journey: Journey, consultant) -> None:
    # Step 4 gave the Ekonomi group a team folder; nobody reaches it before their training.
    before = {email: _member_folders(journey, email) for _name, email, _department in USERS}
    page = journey.page_of("consultant")
    url = f"/training/{journey.engagement.pk}/"
    visit(page, url)
    form = page.locator("form:has(button:has-text('Book and invite'))")
    form.locator("[name=training_format]").select_option("full_day")
    form.locator("[name=delivery]").select_option("on_site")
    form.locator("[name=trainer]").select_option(str(consultant.pk))
    form.locator("[name=first_day]").fill(timezone.localdate().isoformat())
    form.locator("[name=first_slot]").select_option("full_day")
    form.locator("[name=place]").fill("Journeyman, Göteborg")
    for checkbox in form.locator("[name=attendees]").all():
        checkbox.check()
    form.locator("[name=override_reason]").fill("The customer asked for today.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    session = page.locator("#sessions article.session").first
    assert session.count() == 1, page.locator("main").inner_text()
    for checkbox in session.locator("[name=present]").all():
        checkbox.check()
    session.locator("button:has-text('Save attendance')").click()
    page.wait_for_load_state()
    trained = page.locator("#sessions article.session tbody tr td:last-child").all_inner_texts()
    assert trained == ["Yes"] * len(USERS), page.locator("main").inner_text()
    assert "Support window:" in page.locator("#support").inner_text()
    shot(page, "05-training-attended")
    # The release is applied in Dropbox by the worker: the group's members now see their folder.
    seen = {}

    def released():
        seen.update({email: _member_folders(journey, email) for email in before})
        return set(seen[CONTACT_EMAIL]) - set(before[CONTACT_EMAIL])

    try:
        wait_until(released, timeout=60, interval=1, message="the folder access released in Dropbox")
    except AssertionError:
        from licensing.folders.models import FolderJob
        from licensing.folders.selectors import desired_state

        plan = journey.engagement.folder_plan
        jobs = list(FolderJob.objects.filter(plan=plan).values_list("kind", "status", "failure", "result"))
        raise AssertionError((before, seen, jobs, desired_state(plan=plan))) from None
    # Karin's group (Ekonomi) was given the first team folder in step 4; Olle's (Lager) was not.
    assert set(seen[CONTACT_EMAIL]) - set(before[CONTACT_EMAIL]) == {"Avdelning 000"}, (before, seen)
    assert seen["olle@journeyman.example"] == before["olle@journeyman.example"], (before, seen)


def step_5_support_asked_and_answered(journey: Journey, stranger) -> None:
    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    customer.click("a:has-text('Ask for help, see your requests and answers')")
    customer.wait_for_load_state()
    support_url = f"/training/status/{journey.engagement.reference}/support/"
    assert customer.url.endswith(support_url)
    visit(customer, support_url)
    customer.locator("[name=topic]").select_option("files")
    customer.locator("[name=description]").fill("Where did the Lager folder go?")
    customer.click("button:has-text('Send')")
    customer.wait_for_load_state()
    assert "Thank you. We have your request" in customer.locator(".messages").inner_text()

    page = journey.page_of("consultant")
    visit(page, f"/training/{journey.engagement.pk}/")
    page.locator("#support tbody a").first.click()
    page.wait_for_load_state()
    assert_url = page.url
    visit(page, assert_url)
    page.locator("[name=answer]").fill("It is under Filserver/Lager; it is shared with your group.")
    page.locator("[name=status]").select_option("answered")
    page.locator("[name=minutes_spent]").fill("10")
    page.click("button:has-text('Save the answer')")
    page.wait_for_load_state()

    visit(customer, support_url)
    assert "It is under Filserver/Lager" in customer.locator("main").inner_text()
    shot(customer, "05-support-answered")
    stranger_gets_nothing(stranger, support_url)


# --- 6. The server sanitised with its certificate; credit; invoices and reconciliation; the survey ----
def step_6_server_sanitised(journey: Journey, consultant) -> None:
    _advance(journey, "decommissioning")
    page = journey.page_of("consultant")
    url = f"/decommission/{journey.engagement.pk}/"
    visit(page, url)
    add = page.locator("#decommission-add form:has(button:has-text('Add an asset'))")
    add.locator("[name=name]").fill("FS01")
    add.locator("[name=make]").fill("HPE")
    add.locator("[name=model]").fill("ProLiant ML30")
    add.locator("[name=serial]").fill("CZ12345")
    add.locator("button[type=submit]").click()
    page.wait_for_load_state()
    asset = page.locator("section[id^=asset-]").first
    medium = asset.locator("form:has(button:has-text('Add a storage medium'))")
    medium.locator("[name=kind]").select_option("disk")
    medium.locator("[name=serial]").fill("WD-001")
    medium.locator("[name=size_gb]").fill("2000")
    medium.locator("button[type=submit]").click()
    page.wait_for_load_state()
    asset = page.locator("section[id^=asset-]").first
    assert "WD-001" in asset.locator("table").inner_text(), page.locator("main").inner_text()
    plan = asset.locator("form:has(button:text-is('Plan'))")
    plan.locator("[name=method]").select_option("purge")
    plan.locator("[name=technique]").select_option("cryptographic_erase")
    plan.locator("button[type=submit]").click()
    page.wait_for_load_state()
    # The grace period after the cut-over: waived with a reason, as the coordinator would.
    if page.locator("#sanitising-refusal").count():
        waive = page.locator("form:has(button:has-text('Waive the wait'))")
        waive.locator("[name=reason]").fill(
            "The customer has checked the files in Dropbox and wants the server gone."
        )
        waive.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert page.locator("#sanitising-allowed").count() == 1, page.locator("main").inner_text()
    asset = page.locator("section[id^=asset-]").first
    sanitise = asset.locator("form:has(button:has-text('Record sanitisation'))")
    sanitise.locator("[name=technician]").select_option(str(consultant.pk))
    sanitise.locator("[name=sanitised_on]").fill(timezone.localdate().isoformat())
    sanitise.locator("[name=verification_method]").fill("Read-back of sampled sectors")
    sanitise.locator("[name=verification_result]").select_option("passed")
    sanitise.locator("button[type=submit]").click()
    page.wait_for_load_state()
    asset = page.locator("section[id^=asset-]").first
    end = asset.locator("form:has(button:has-text('Record the end'))")
    end.locator("[name=end]").select_option("resale")
    end.locator("button[type=submit]").click()
    page.wait_for_load_state()
    asset = page.locator("section[id^=asset-]").first
    appraise = asset.locator("form:has(button:has-text('Save the appraisal'))")
    appraise.locator("[name=residual_value]").fill("1500")
    appraise.locator("button[type=submit]").click()
    page.wait_for_load_state()
    state = page.locator("#decommission-state li").all_inner_texts()
    assert state == ["The certificate of data sanitisation is not signed."], page.locator("main").inner_text()
    page.click("button:has-text('Sign the certificate off')")
    page.wait_for_load_state()
    assert page.locator("#certificate-signed").count() == 1, page.locator("main").inner_text()
    assert "Decommissioning is done." in page.locator("#decommission-state").inner_text()
    shot(page, "06-sanitised-and-signed")
    response = page.request.get(f"{url}certificate/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def step_6_credit_invoices_reconciliation(journey: Journey) -> None:
    page = journey.page_of("coordinator")
    visit(page, f"/decommission/{journey.engagement.pk}/")
    page.click("button:has-text('Issue store credit')")
    page.wait_for_load_state()
    assert page.locator("#credit-issued").count() == 1, page.locator("main").inner_text()
    shot(page, "06-credit-issued")

    url = f"/invoicing/{journey.engagement.pk}/"
    visit(page, url)
    page.click("button:has-text('Issue the invoice at acceptance')")
    page.wait_for_load_state()
    # The final invoice uses the store credit the server's residual value gave.
    final = page.locator("form:has(button:has-text('Issue the final invoice'))")
    final.locator("[name=credit]").fill("1500")
    final.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#invoicing-invoices tbody tr").count() == 2, page.locator("main").inner_text()
    figures = page.locator("#invoicing-figures").inner_text()
    assert re.search(r"Store credit applied to invoices\s+SEK\s1,500\.00", figures), figures
    reconciliation = page.locator("#invoicing-reconciliation")
    reconciliation.locator("[name=meeting_on]").fill(timezone.localdate().isoformat())
    reconciliation.locator("[name=notes]").fill("The fixed price, the change orders and the credit.")
    reconciliation.locator("[name=outcome]").fill("Agreed: nothing more to invoice.")
    reconciliation.locator("button:has-text('Save')").click()
    page.wait_for_load_state()
    page.click("button:has-text('Mark the reconciliation done and send it to the customer')")
    page.wait_for_load_state()
    assert "sent to the customer" in page.locator("#invoicing-reconciliation").inner_text(), page.locator(
        "main"
    ).inner_text()
    shot(page, "06-invoices-reconciled")


def step_6_survey_answered(journey: Journey, stranger) -> None:
    from feedback.selectors import survey_window
    from feedback.services import survey_link_url, survey_send
    from invoicing.selectors import final_invoice_sent_at

    # The daily task sends the survey on its day, weeks after the final invoice: the service is
    # called with that day, as the task would call it then.
    final_at = final_invoice_sent_at(engagement=journey.engagement)
    survey = survey_send(
        engagement=journey.engagement,
        final_invoice_at=final_at,
        today=survey_window(final_invoice_sent_at=final_at).day,
    )
    assert survey is not None
    invitation = survey.invitations.get(email=CONTACT_EMAIL)
    # The worker mails it (in its own process, so its outbox is not ours); the link is the mail's.
    wait_until(
        lambda: survey.invitations.filter(pk=invitation.pk, mailed_at__isnull=False).exists(),
        timeout=30,
        message="the survey's e-mail",
    )
    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    assert "We have e-mailed you a short survey" in customer.locator("#feedback-survey").inner_text()
    visit(customer, urlsplit(survey_link_url(invitation)).path)
    customer.locator("[name=seller_rating][value='5']").check()
    customer.locator("[name=team_rating][value='5']").check()
    customer.locator("[name=recommendation][value='9']").check()
    customer.locator("[name=team_comment]").fill("Smooth move; the training helped.")
    customer.click("button:has-text('Send my answers')")
    customer.wait_for_load_state()
    assert customer.locator("h1").inner_text() == "Thank you", customer.locator("main").inner_text()
    shot(customer, "06-survey-answered")
    assert survey.invitations.filter(response__isnull=False).count() == 1


# --- 7. Closed; the status page says so, with its documents --------------------------------------
def step_7_closed(journey: Journey, stranger) -> None:
    _advance(journey, "closed")
    customer = journey.page_of("customer")
    visit(customer, journey.status_url)
    closed = customer.locator("#engagement-closed")
    assert closed.locator("h2").inner_text() == "This engagement is closed"
    documents = closed.locator(".closed-documents a")
    titles = documents.all_inner_texts()
    urls = [documents.nth(index).get_attribute("href") for index in range(documents.count())]
    shot(customer, "07-status-page-closed")
    reference, pk = journey.engagement.reference, journey.engagement.pk
    expected = {
        f"/quotes/status/{reference}/v1/pdf/",
        f"/migration/{pk}/certificate.pdf",
        f"/decommission/{pk}/certificate/",
        f"/invoicing/status/{reference}/reconciliation/pdf/",
    }
    assert expected <= set(urls), (titles, urls)
    # The invoices are on the page too, in the invoicing card rather than the closed list.
    invoice_numbers = journey.engagement.invoices.values_list("number", flat=True)
    invoices = [f"/invoicing/status/{reference}/invoices/{number}/pdf/" for number in invoice_numbers]
    assert len(invoices) == 2
    for url in invoices:
        assert customer.locator(f"a[href='{url}']").count() >= 1, url
    urls += invoices
    for url in urls:
        response = customer.request.get(url)
        assert response.status == 200, (url, response.status)
        assert response.headers["content-type"] == "application/pdf", url
    stranger_gets_nothing(stranger, journey.status_url, *urls)
