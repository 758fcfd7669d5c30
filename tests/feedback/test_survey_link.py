"""A contact's personal link: answered once, no login; forged, expired and used links get a page
saying so; the answers reach the seller and the team as plain text."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from feedback.models import Response
from feedback.services import LINK_SALT, survey_link_token

pytestmark = pytest.mark.usefixtures("english")

ANSWERS = {
    "seller_rating": "5",
    "seller_comment": "Sara & co <3",
    "team_rating": "4",
    "team_comment": "Smooth move.",
    "recommendation": "9",
}


@pytest.fixture
def anna(survey):
    return survey.invitations.get(email="anna@akessonbygg.example")


def _url(invitation):
    return reverse("feedback:answer", args=[survey_link_token(invitation)])


def test_the_link_shows_the_survey_without_signing_in(client, anna, engagement):
    response = client.get(_url(anna))

    assert response.status_code == 200
    assert "Hello Anna Åkesson." in response.content.decode()


def test_an_answer_is_recorded_and_reaches_the_seller_and_the_team(
    client, anna, engagement, sales, coordinator, consultant, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(anna), ANSWERS)

    assert response.status_code == 200
    assert "Your answers have reached your seller and the project team." in response.content.decode()
    saved = Response.objects.get(invitation=anna)
    assert (saved.seller_rating, saved.team_rating, saved.recommendation) == (5, 4, 9)
    [results] = mail.outbox
    assert sorted(results.to) == sorted([sales.email, coordinator.email, consultant.email])
    assert "The seller: 5 of 5\nSara & co <3\n" in results.body  # plain text: not HTML-escaped
    assert "Would recommend us: 9 of 10" in results.body


def test_one_response_per_contact(client, anna, django_capture_on_commit_callbacks):
    url = _url(anna)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, ANSWERS)

    again = client.post(url, {**ANSWERS, "seller_rating": "1"})

    assert again.status_code == 410
    assert "Thank you, this survey has already been answered." in again.content.decode()
    assert Response.objects.get(invitation=anna).seller_rating == 5


def test_the_other_contact_answers_on_their_own_link(
    client, survey, anna, django_capture_on_commit_callbacks
):
    bo = survey.invitations.get(email="bo@akessonbygg.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(anna), ANSWERS)
        client.post(_url(bo), ANSWERS)

    assert Response.objects.filter(invitation__survey=survey).count() == 2


class _SignedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)


def test_an_expired_link_is_refused(client, anna):
    token = _SignedLongAgo(salt=LINK_SALT).sign(f"{anna.pk}.{anna.nonce}")

    response = client.get(reverse("feedback:answer", args=[token]))
    posted = client.post(reverse("feedback:answer", args=[token]), ANSWERS)

    assert response.status_code == 410
    assert "This survey link has expired." in response.content.decode()
    assert posted.status_code == 410
    assert not Response.objects.exists()


@pytest.mark.parametrize("token", ["nonsense", "1.abc:1tq:forged", "%20"])
def test_a_forged_link_is_not_found(client, survey, token):
    response = client.get(reverse("feedback:answer", args=[token]))

    assert response.status_code == 404
    assert "This survey link is not valid." in response.content.decode()


def test_a_link_signed_for_another_nonce_is_not_valid(client, anna):
    token = signing.TimestampSigner(salt=LINK_SALT).sign(f"{anna.pk}.guessed")

    assert client.get(reverse("feedback:answer", args=[token])).status_code == 404


@pytest.mark.parametrize(
    "change",
    [{"seller_rating": "6"}, {"recommendation": "11"}, {"team_rating": ""}, {"team_comment": "x" * 2001}],
)
def test_hostile_answers_are_refused_on_the_form(client, anna, change):
    response = client.post(_url(anna), {**ANSWERS, **change})

    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Response.objects.exists()


def test_another_customers_signed_in_contact_gets_404(client, anna, other_customer_contact):
    client.force_login(other_customer_contact)

    assert client.get(_url(anna)).status_code == 404
    assert client.post(_url(anna), ANSWERS).status_code == 404
    assert not Response.objects.exists()
