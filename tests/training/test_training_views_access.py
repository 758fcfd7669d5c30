"""Access to the training pages: each role, and another customer's contact gets 404."""

import pytest

from engagements.phases import Phase
from tests.training.training_fixtures import book_half_days, in_phase, people
from training.models import TrainingSession

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def session(planned_engagement, coordinator, consultant):
    return book_half_days(
        planned_engagement, user=coordinator, trainer=consultant, attendees=people(planned_engagement, 2)
    )


def test_staff_of_the_engagement_see_the_training_page(session, client_for, coordinator, consultant, sales):
    url = f"/training/{session.engagement.pk}/"
    for user in (coordinator, consultant, sales):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert "Training sessions" in page.content.decode()


def test_a_seller_reads_but_may_not_cancel(session, client_for, sales):
    page = client_for(sales).get(f"/training/{session.engagement.pk}/")
    assert "Save attendance" not in page.content.decode()
    response = client_for(sales).post(f"/training/{session.engagement.pk}/sessions/{session.pk}/cancel/")
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.cancelled_at is None


def test_a_consultant_of_another_engagement_gets_404(session, client_for, other_consultant):
    assert client_for(other_consultant).get(f"/training/{session.engagement.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/training/{pk}/", "/training/{pk}/support/{request_pk}/"],
)
def test_customer_contacts_get_403_on_staff_pages(session, client_for, customer_contact, path):
    from training.support import support_request_submit

    request = support_request_submit(
        engagement=session.engagement,
        user=customer_contact,
        requester_name="Anna",
        topic="files",
        description="Help",
        urgency="normal",
    )
    url = path.format(pk=session.engagement.pk, request_pk=request.pk)
    assert client_for(customer_contact).get(url).status_code == 403


@pytest.mark.parametrize("action", ["cancel", "attendance"])
def test_customer_contacts_cannot_post_to_staff_actions(session, client_for, customer_contact, action):
    url = f"/training/{session.engagement.pk}/sessions/{session.pk}/{action}/"
    assert client_for(customer_contact).post(url, {"present": []}).status_code == 403
    assert TrainingSession.objects.get(pk=session.pk).cancelled_at is None


def test_another_customers_contact_gets_404_on_the_support_page(session, client_for, other_customer_contact):
    url = f"/training/status/{session.engagement.reference}/support/"
    assert client_for(other_customer_contact).get(url).status_code == 404
    assert (
        client_for(other_customer_contact)
        .post(url, {"requester_name": "X", "topic": "files", "urgency": "low", "description": "x"})
        .status_code
        == 404
    )


def test_attendance_through_the_page_releases_access_and_says_so(
    engagement, client_for, coordinator, consultant
):
    from datetime import timedelta

    from django.utils import timezone

    from licensing.folders.selectors import access_released_at
    from training.selectors import training_attended

    last_week = timezone.localdate() - timedelta(days=7)
    held = book_half_days(
        engagement,
        user=coordinator,
        trainer=consultant,
        attendees=people(engagement, 1),
        days=(last_week - timedelta(days=1), last_week),
        override_reason="Recorded afterwards.",
    )
    (anna,) = held.attendees.all()
    first, second = held.days.order_by("position")
    response = client_for(consultant).post(
        f"/training/{engagement.pk}/sessions/{held.pk}/attendance/",
        {"present": [f"{first.pk}:{anna.pk}", f"{second.pk}:{anna.pk}"]},
        follow=True,
    )
    assert "Attendance saved. Folder access released for: Person 1." in response.content.decode()
    assert training_attended(customer_user=anna) is True
    assert access_released_at(customer_user=anna) is not None
    garbled = client_for(consultant).post(
        f"/training/{engagement.pk}/sessions/{held.pk}/attendance/", {"present": ["x:1"]}, follow=True
    )
    assert "The attendance sheet was not understood; nothing was saved." in garbled.content.decode()


def test_the_status_page_shows_the_training_dates(session, client_for, customer_contact):
    in_phase(session.engagement, Phase.ROLLOUT)
    page = client_for(customer_contact).get(f"/engagements/status/{session.engagement.reference}/")
    text = page.content.decode()
    assert "Tuesday 12 January, morning" in text
    assert "Thursday 14 January, afternoon" in text
