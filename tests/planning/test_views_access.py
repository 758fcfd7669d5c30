"""Every planning view: the right role gets it, other roles 403, strangers 404."""

from datetime import date

import pytest
from django.urls import reverse

from engagements.planning.models import FollowUp, Slot, Sprint, SprintStatus, StatusUpdate
from engagements.planning.reports import weekly_report_draft
from engagements.planning.services import follow_up_create, sprint_create

MONDAY = date(2027, 1, 11)


@pytest.fixture
def sprint(planned, coordinator, consultant):
    return sprint_create(
        engagement=planned,
        user=coordinator,
        consultant=consultant,
        day=MONDAY,
        slot=Slot.MORNING,
        goal="Kick-off",
    )


@pytest.fixture
def report(planned):
    return weekly_report_draft(engagement=planned, week_start=MONDAY)[0]


def sprint_post(day=MONDAY, slot=Slot.AFTERNOON, consultant=None, **extra):
    return {"day": day.isoformat(), "slot": slot, "consultant": consultant.pk, "goal": "Flytt", **extra}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("sales", 200),
        ("consultant", 200),
        ("other_sales", 404),
        ("customer_contact", 403),
    ],
)
def test_planning_page(planned, request, client_for, who, expected):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("planning:engagement", args=[planned.pk])).status_code == expected


def test_planning_page_queries_do_not_grow(
    planned, coordinator, consultant, client_for, django_assert_max_num_queries
):
    from tests.planning.helpers import fill

    fill(planned, consultant, sprints=30, reports=8, updates=8)
    for n in range(8):
        follow_up_create(engagement=planned, user=coordinator, due_date=MONDAY, note=f"Ring {n}")
    client = client_for(coordinator)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("planning:engagement", args=[planned.pk])).status_code == 200


def test_only_the_coordinator_books_sprints(planned, sales, coordinator, consultant, client_for):
    url = reverse("planning:sprint_add", args=[planned.pk])
    assert client_for(sales).post(url, sprint_post(consultant=consultant)).status_code == 403
    assert client_for(coordinator).post(url, sprint_post(consultant=consultant)).status_code == 302
    assert Sprint.objects.get().goal == "Flytt"


def test_refused_booking_says_why_and_override_books(english, planned, coordinator, consultant, client_for):
    url = reverse("planning:sprint_add", args=[planned.pk])
    client = client_for(coordinator)
    saturday = date(2027, 1, 16)
    refused = client.post(url, sprint_post(day=saturday, consultant=consultant))
    assert refused.status_code == 422
    assert "weekend" in refused.content.decode()
    assert not Sprint.objects.exists()
    booked = client.post(url, sprint_post(day=saturday, consultant=consultant, override_reason="Kunden vill"))
    assert booked.status_code == 302
    assert Sprint.objects.get().override_reason == "Kunden vill"


def test_bad_sprint_input_is_a_form_error(planned, coordinator, consultant, client_for):
    url = reverse("planning:sprint_add", args=[planned.pk])
    response = client_for(coordinator).post(url, sprint_post(slot="two_hours", consultant=consultant))
    assert response.status_code == 422
    assert not Sprint.objects.exists()


def test_template_lay_out(planned, coordinator, sales, consultant, client_for):
    url = reverse("planning:template_lay_out", args=[planned.pk])
    data = {"template": "training", "start": MONDAY.isoformat(), "consultant": consultant.pk}
    assert client_for(sales).post(url, data).status_code == 403
    assert client_for(coordinator).post(url, data).status_code == 302
    assert Sprint.objects.count() == 2


def test_team_assignment(planned, coordinator, sales, consultant, other_consultant, client_for):
    url = reverse("planning:staff_assign", args=[planned.pk])
    data = {"consultants": [consultant.pk, other_consultant.pk]}
    assert client_for(sales).post(url, data).status_code == 403
    assert client_for(coordinator).post(url, data).status_code == 302
    assert set(planned.consultants.all()) == {consultant, other_consultant}


def test_sprint_edit(sprint, coordinator, consultant, sales, other_sales, customer_contact, client_for):
    url = reverse("planning:sprint_edit", args=[sprint.pk])
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(other_sales).get(url).status_code == 404
    assert client_for(sales).get(url).status_code == 403
    assert client_for(coordinator).get(url).status_code == 200
    response = client_for(coordinator).post(url, sprint_post(slot=Slot.FULL_DAY, consultant=consultant))
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.slot == Slot.FULL_DAY


def test_consultant_marks_their_sprint_done_but_does_not_move_it(
    sprint, consultant, other_consultant, coordinator, client_for
):
    url = reverse("planning:sprint_status", args=[sprint.pk])
    assert client_for(other_consultant).post(url, {"status": "done"}).status_code == 404
    assert client_for(consultant).post(url, {"status": "moved"}).status_code == 403
    assert client_for(consultant).post(url, {"status": "done"}).status_code == 302
    sprint.refresh_from_db()
    assert sprint.status == SprintStatus.DONE
    assert client_for(coordinator).post(url, {"status": "moved"}).status_code == 302


def test_follow_ups_are_the_sellers(planned, sales, consultant, client_for):
    url = reverse("planning:follow_up_add", args=[planned.pk])
    data = {"due_date": "2027-01-20", "note": "Ring om licenser"}
    assert client_for(consultant).post(url, data).status_code == 403
    assert client_for(sales).post(url, data).status_code == 302
    follow_up = FollowUp.objects.get()
    toggle = reverse("planning:follow_up_toggle", args=[follow_up.pk])
    assert client_for(consultant).post(toggle).status_code == 403
    assert client_for(sales).post(toggle).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_status_updates_by_seller_or_coordinator(planned, sales, consultant, customer_contact, client_for):
    url = reverse("planning:status_update_add", args=[planned.pk])
    assert client_for(customer_contact).post(url, {"body": "Hej"}).status_code == 403
    assert client_for(consultant).post(url, {"body": "Hej"}).status_code == 403
    assert client_for(sales).post(url, {"body": "Hej"}).status_code == 302
    assert StatusUpdate.objects.get().body == "Hej"


def test_report_review_page(report, coordinator, consultant, other_sales, customer_contact, client_for):
    url = reverse("planning:report", args=[report.pk])
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(other_sales).get(url).status_code == 404
    assert client_for(consultant).get(url).status_code == 200
    data = {
        "done_text": "Allt klart",
        "next_text": "Mer",
        "risks": "",
        "decisions_needed": "",
        "internal_note": "",
        "reviewed": "on",
    }
    assert client_for(consultant).post(url, data).status_code == 403
    assert client_for(coordinator).post(url, data).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.done_text) == ("reviewed", "Allt klart")


def test_report_send_is_the_coordinators(report, sales, coordinator, client_for):
    url = reverse("planning:report_send", args=[report.pk])
    assert client_for(sales).post(url).status_code == 403
    # Unreviewed: refused with a message, nothing sent.
    assert client_for(coordinator).post(url).status_code == 302
    report.refresh_from_db()
    assert report.status == "draft"


def test_report_pdf_for_customers_only_once_sent(
    planned, report, customer_contact, other_customer_contact, coordinator, client_for
):
    url = reverse("planning:report_pdf", args=[planned.reference, report.pk])
    assert client_for(other_customer_contact).get(url).status_code == 404
    assert client_for(customer_contact).get(url).status_code == 404  # a draft
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_customer_ics(planned, sprint, customer_contact, other_customer_contact, client_for):
    url = reverse("planning:customer_ics", args=[planned.reference])
    assert client_for(other_customer_contact).get(url).status_code == 404
    response = client_for(customer_contact).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"Kick-off" in response.content


def test_marking_done_with_htmx_swaps_the_sprint_table(sprint, consultant, client_for):
    url = reverse("planning:sprint_status", args=[sprint.pk])
    response = client_for(consultant).post(
        url, {"status": "done"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="sprints"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="sprints">')
    assert "<html" not in body


STAFF_POSTS = [
    ("planning:sprint_add", "engagement"),
    ("planning:template_lay_out", "engagement"),
    ("planning:staff_assign", "engagement"),
    ("planning:follow_up_add", "engagement"),
    ("planning:status_update_add", "engagement"),
    ("planning:sprint_edit", "sprint"),
    ("planning:sprint_status", "sprint"),
    ("planning:follow_up_toggle", "follow_up"),
    ("planning:report", "report"),
    ("planning:report_send", "report"),
]


@pytest.fixture
def follow_up(planned, sales):
    return follow_up_create(engagement=planned, user=sales, due_date=MONDAY, note="Ring")


@pytest.mark.parametrize(("name", "target"), STAFF_POSTS)
def test_customers_get_403_and_strangers_404_on_every_staff_action(
    name, target, request, planned, sprint, report, follow_up, customer_contact, other_sales, client_for
):
    obj = {"engagement": planned, "sprint": sprint, "report": report, "follow_up": follow_up}[target]
    url = reverse(name, args=[obj.pk])
    assert client_for(customer_contact).post(url, {}).status_code == 403
    assert client_for(other_sales).post(url, {}).status_code == 404


def test_new_calendar_address_is_for_staff(customer_contact, client_for):
    assert client_for(customer_contact).post(reverse("planning:calendar_feed_regenerate")).status_code == 403
