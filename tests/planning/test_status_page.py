from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagements.planning.models import Slot
from engagements.planning.reports import weekly_report_draft, weekly_report_update
from engagements.planning.services import sprint_create, status_update_post
from tests.planning.helpers import fill


def status_url(engagement):
    return reverse("engagements:status", args=[engagement.reference])


def test_customer_sees_plan_reports_and_updates_but_nothing_internal(
    planned, customer_contact, coordinator, consultant, client_for
):
    today = timezone.localdate()
    sprint_create(
        engagement=planned,
        user=coordinator,
        consultant=consultant,
        day=today,
        slot=Slot.MORNING,
        goal="Inventering av filservern",
        tasks="Räkna filer",
        internal_note="Kunden betalar sent",
        override_reason="Testdatum",
    )
    status_update_post(engagement=planned, user=planned.seller, body="Allt går enligt plan.")
    draft, _ = weekly_report_draft(engagement=planned, week_start=date(2027, 1, 11))
    weekly_report_update(
        report=draft,
        user=coordinator,
        done_text="UTKAST-TEXT",
        next_text="",
        risks="",
        decisions_needed="",
        internal_note="",
        reviewed=False,
    )
    fill(planned, consultant, sprints=0, reports=1, updates=0)

    page = client_for(customer_contact).get(status_url(planned)).content.decode()

    assert "Inventering av filservern" in page and "Räkna filer" in page
    assert "Allt går enligt plan." in page
    assert "Gjort 0" in page  # the sent report
    assert "UTKAST-TEXT" not in page  # a draft never shows
    for internal in ("Kunden betalar sent", "Testdatum", "HEMLIG-RAPPORT"):
        assert internal not in page
    assert planned.seller.email in page and planned.coordinator.email in page
    assert reverse("planning:customer_ics", args=[planned.reference]) in page


def test_contact_of_another_customer_gets_404(planned, other_customer_contact, client_for):
    assert client_for(other_customer_contact).get(status_url(planned)).status_code == 404


def test_staff_not_on_the_engagement_get_404(planned, other_sales, client_for):
    assert client_for(other_sales).get(status_url(planned)).status_code == 404


def test_status_page_queries_do_not_grow_with_rows(
    planned, customer_contact, consultant, client_for, django_assert_max_num_queries
):
    client = client_for(customer_contact)
    fill(planned, consultant, sprints=2, reports=1, updates=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(status_url(planned)).status_code == 200

    fill(planned, consultant, sprints=40, reports=12, updates=15, offset=10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(status_url(planned))
    content = page.content.decode()
    assert content.count('class="update"') == 16 and "Gjort 21" in content
    assert len(many) == len(few)
    # Every phase app's panel is on the page now (tests/engagements/test_page_queries.py pins each page).
    with django_assert_max_num_queries(25):
        client.get(status_url(planned))
