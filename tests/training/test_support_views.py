"""Customers ask for help on their status page, staff are told and answer, the customer reads it."""

import pytest

from engagements.models import StaffProfile
from engagements.phases import Phase
from engagements.quotes.models import CustomerUser
from licensing.folders.services import folder_access_release
from tests.training.training_fixtures import in_phase
from training.models import SupportRequest

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def live(engagement, coordinator):
    person = CustomerUser.objects.create(engagement=engagement, name="Anna", email="anna@kund.se")
    folder_access_release(customer_user=person, user=coordinator, reason="")
    return engagement


def test_a_contact_asks_staff_are_told_and_the_answer_shows(
    live,
    client_for,
    customer_contact,
    consultant,
    coordinator,
    mailoutbox,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    url = f"/training/status/{live.reference}/support/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(customer_contact).post(
            url,
            {
                "requester_name": "Anna",
                "topic": "sharing",
                "urgency": "high",
                "description": "I cannot open Ekonomi.",
            },
        )
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert (request.channel, request.within_window, request.status) == ("status_page", True, "open")
    (notice,) = mailoutbox
    assert sorted(notice.to) == sorted([consultant.email, coordinator.email])
    assert notice.subject == "Support request from Åkesson Bygg AB: Sharing and access"

    answered = client_for(consultant).post(
        f"/training/{live.pk}/support/{request.pk}/",
        {
            "answer": "You have access after the training on Tuesday.",
            "status": "answered",
            "minutes_spent": "10",
        },
    )
    assert answered.status_code == 302
    page = client_for(customer_contact).get(url).content.decode()
    assert "You have access after the training on Tuesday." in page
    assert "Sharing and access · Answered" in page


def test_an_answer_is_needed_before_closing(live, client_for, consultant, customer_contact):
    from training.support import support_request_submit

    request = support_request_submit(
        engagement=live,
        user=customer_contact,
        requester_name="Anna",
        topic="files",
        description="x",
        urgency="low",
    )
    response = client_for(consultant).post(
        f"/training/{live.pk}/support/{request.pk}/", {"answer": "", "status": "closed", "minutes_spent": "5"}
    )
    assert response.status_code == 422
    assert "Write the answer before marking the request answered or closed." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"


def test_hostile_input_gets_a_form_error_not_a_500(live, client_for, customer_contact):
    url = f"/training/status/{live.reference}/support/"
    response = client_for(customer_contact).post(
        url, {"requester_name": "A" * 500, "topic": "nonsense", "urgency": "high", "description": ""}
    )
    assert response.status_code == 422
    assert not SupportRequest.objects.exists()


def test_the_status_page_shows_the_window_and_whom_to_call(live, client_for, customer_contact, consultant):
    in_phase(live, Phase.ROLLOUT)
    StaffProfile.objects.create(user=consultant, phone="070-123 45 67")
    text = client_for(customer_contact).get(f"/engagements/status/{live.reference}/").content.decode()
    assert "Support window: " in text
    assert '<a href="tel:0701234567">070-123 45 67</a>' in text


def test_staff_log_calls_and_customers_cannot(live, client_for, consultant, customer_contact, sales):
    data = {
        "requester_name": "Bo",
        "topic": "installation",
        "urgency": "normal",
        "description": "Called about the app.",
    }
    assert client_for(customer_contact).post(f"/training/{live.pk}/support/", data).status_code == 403
    assert client_for(sales).post(f"/training/{live.pk}/support/", data).status_code == 403
    assert client_for(consultant).post(f"/training/{live.pk}/support/", data).status_code == 302
    assert SupportRequest.objects.get().channel == "phone"
