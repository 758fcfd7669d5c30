"""Every engagements view: the right role gets it, the wrong role 403, someone else's 404."""

import pytest
from django.urls import reverse

from engagements.phases import Phase

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, engagement):
    for url in (
        reverse("engagements:list"),
        reverse("engagements:detail", args=[engagement.pk]),
        reverse("engagements:status", args=[engagement.reference]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["sales", "coordinator", "consultant", "admin_user"])
def test_staff_on_the_engagement_see_list_and_detail(request, client_for, engagement, role):
    client = client_for(request.getfixturevalue(role))

    listing = client.get(reverse("engagements:list"))
    detail = client.get(reverse("engagements:detail", args=[engagement.pk]))

    assert engagement.reference in listing.content.decode()
    assert detail.status_code == 200
    assert engagement.customer.name in detail.content.decode()


@pytest.mark.parametrize("role", ["other_sales", "other_consultant"])
def test_staff_not_on_the_engagement_get_404(request, client_for, engagement, role):
    client = client_for(request.getfixturevalue(role))

    assert engagement.reference not in client.get(reverse("engagements:list")).content.decode()
    assert client.get(reverse("engagements:detail", args=[engagement.pk])).status_code == 404
    assert client.get(reverse("engagements:status", args=[engagement.reference])).status_code == 404
    response = client.post(reverse("engagements:change_phase", args=[engagement.pk]), {"to_phase": "lost"})
    assert response.status_code == 404


def test_customer_contact_gets_403_on_staff_pages(client_for, engagement, customer_contact):
    client = client_for(customer_contact)

    assert client.get(reverse("engagements:list")).status_code == 403
    assert client.get(reverse("engagements:detail", args=[engagement.pk])).status_code == 403
    response = client.post(reverse("engagements:change_phase", args=[engagement.pk]), {"to_phase": "lost"})
    assert response.status_code == 403


def test_customer_contact_sees_own_status_page_and_is_sent_there(client_for, engagement, customer_contact):
    client = client_for(customer_contact)

    home = client.get(reverse("home"))
    page = client.get(reverse("engagements:status", args=[engagement.reference]))

    assert home["Location"] == reverse("engagements:status", args=[engagement.reference])
    assert page.status_code == 200
    assert engagement.reference in page.content.decode()


def test_contact_of_another_customer_gets_404_on_the_status_page(
    client_for, engagement, other_customer_contact
):
    client = client_for(other_customer_contact)

    assert client.get(reverse("engagements:status", args=[engagement.reference])).status_code == 404


def test_consultant_cannot_change_the_phase(client_for, engagement, consultant):
    client = client_for(consultant)

    response = client.post(
        reverse("engagements:change_phase", args=[engagement.pk]),
        {"to_phase": Phase.LOST},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    engagement.refresh_from_db()
    assert engagement.phase == Phase.DISCOVERY
    assert "change the phase" in response.content.decode()


def test_illegal_transition_in_the_browser_shows_a_sentence_not_a_500(client_for, engagement, coordinator):
    client = client_for(coordinator)

    response = client.post(
        reverse("engagements:change_phase", args=[engagement.pk]),
        {"to_phase": Phase.CLOSED},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "cannot go from" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.phase == Phase.DISCOVERY


def test_garbage_phase_is_a_message_not_a_500(client_for, engagement, coordinator):
    response = client_for(coordinator).post(
        reverse("engagements:change_phase", args=[engagement.pk]), {"to_phase": "<script>"}, follow=True
    )
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.phase == Phase.DISCOVERY


def test_change_phase_needs_post(client_for, engagement, coordinator):
    response = client_for(coordinator).get(reverse("engagements:change_phase", args=[engagement.pk]))
    assert response.status_code == 405
