"""Branded error pages in the user's language, each with a way back (issue 10 §5).

Each is reached the way a user reaches it: a customer opening a staff page (403), an address
that does not exist (404), a request with a host the site does not serve (400), a form sent
without its CSRF token (the CSRF failure) and a view with a bug (500, through a test URLconf).
"""

import pytest
from django.test import Client
from django.urls import reverse

from macforum_projects.error_views import server_error

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# English -------------------------------------------------------------------------------------


def test_403_for_a_customer_on_a_staff_page(english, customer_contact, client_for):
    response = client_for(customer_contact).get(
        reverse("planning:calendar"), HTTP_REFERER="http://testserver/engagements/"
    )

    assert response.status_code == 403
    assert response.templates[0].name == "errors/403.html"
    page = _text(response)
    assert "<h1>You do not have access to this page</h1>" in page
    assert '<a href="http://testserver/engagements/">← Back to the previous page</a>' in page
    assert '<a href="/">Go to the start page</a>' in page
    assert '<link rel="stylesheet" href="/static/css/app.css">' in page  # the site's own look


def test_the_way_back_never_leads_to_another_site(english, customer_contact, client_for):
    response = client_for(customer_contact).get(
        reverse("planning:calendar"), HTTP_REFERER="https://evil.example/phish"
    )

    assert response.status_code == 403
    assert "evil.example" not in _text(response)
    assert "Back to the previous page" not in _text(response)


def test_404_for_an_address_that_does_not_exist(english, consultant, client_for):
    response = client_for(consultant).get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>We could not find that page</h1>" in _text(response)
    assert '<a href="/">Go to the start page</a>' in _text(response)


def test_404_for_an_engagement_that_is_not_yours(english, other_consultant, engagement, client_for):
    response = client_for(other_consultant).get(reverse("planning:engagement", args=[engagement.pk]))

    assert response.status_code == 404
    assert "<h1>We could not find that page</h1>" in _text(response)
    assert engagement.customer.name not in _text(response)


def test_400_for_a_host_the_site_does_not_serve(english, client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "<h1>That request could not be read</h1>" in _text(response)
    assert '<a href="/">Go to the start page</a>' in _text(response)


def test_400_for_a_view_refusing_bad_input(english, raising_urls):
    response = raising_urls.get("/test-bad-input/")

    assert response.status_code == 400
    assert "<h1>That request could not be read</h1>" in _text(response)


def test_500_page_for_a_bug(english, raising_urls):
    response = raising_urls.get("/test-broken/")

    assert response.status_code == 500
    page = _text(response)
    assert "<h1>Something went wrong on our side</h1>" in page
    assert '<html lang="en">' in page
    assert '<a href="/">Go to the start page</a>' in page
    assert "a bug in a view" not in page and "Traceback" not in page


def test_500_page_renders_without_a_database(english, rf, django_assert_num_queries):
    # The page may not query: when the database is what failed, it must still render.
    with django_assert_num_queries(0):
        response = server_error(rf.get("/anything/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_csrf_failure_page(english, consultant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)

    response = client.post(reverse("planning:calendar_feed_regenerate"))

    assert response.status_code == 403
    page = _text(response)
    assert "<h1>The form could not be sent</h1>" in page
    assert "Go back, reload the page and send the form again." in page
    assert '<a href="/">Go to the start page</a>' in page


# Swedish (the site's default language) -------------------------------------------------------


def test_403_in_swedish(swedish, customer_contact, client_for):
    response = client_for(customer_contact).get(reverse("planning:calendar"))

    assert response.status_code == 403
    assert "<h1>Du har inte åtkomst till den här sidan</h1>" in _text(response)
    assert '<a href="/">Till startsidan</a>' in _text(response)


def test_404_in_swedish(swedish, client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert "<h1>Vi hittade inte den sidan</h1>" in _text(response)


def test_400_in_swedish(swedish, client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "<h1>Begäran gick inte att läsa</h1>" in _text(response)


def test_500_in_swedish(swedish, raising_urls):
    response = raising_urls.get("/test-broken/")

    assert response.status_code == 500
    assert '<html lang="sv">' in _text(response)
    assert "<h1>Något gick fel hos oss</h1>" in _text(response)
    assert '<a href="/">Till startsidan</a>' in _text(response)


def test_csrf_failure_in_swedish(swedish, consultant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)

    response = client.post(reverse("planning:calendar_feed_regenerate"))

    assert response.status_code == 403
    assert "<h1>Formuläret kunde inte skickas</h1>" in _text(response)


def test_english_user_gets_english_on_a_swedish_site(swedish, client):
    # The language comes from the user (their cookie), not the site's default.
    client.cookies["django_language"] = "en"

    response = client.get("/finns-inte/")

    assert "<h1>We could not find that page</h1>" in _text(response)
