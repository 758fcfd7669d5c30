"""Who may open and change the installation plan; another customer's contact gets 404 everywhere."""

from datetime import date

import pytest
from django.urls import reverse

from engagements.planning.models import Slot
from tests.training.installation_factories import person
from training.installation.models import InstallationStatus
from training.installation.services import installation_add, installation_book

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def installation(engagement, coordinator):
    anna = person(engagement, coordinator, name="Anna Åkesson", email="anna@kund.se")
    return installation_add(customer_user=anna, user=coordinator)


def _staff_pages(engagement, installation):
    return [
        ("get", reverse("training_installation:plan", args=[engagement.pk])),
        ("post", reverse("training_installation:plan_from_user_list", args=[engagement.pk])),
        ("post", reverse("training_installation:book", args=[engagement.pk])),
        ("post", reverse("training_installation:quote_sync", args=[engagement.pk])),
        ("post", reverse("training_installation:change", args=[installation.pk])),
        ("post", reverse("training_installation:status", args=[installation.pk])),
        ("post", reverse("training_installation:send", args=[installation.pk])),
    ]


def _pdf(engagement):
    return reverse("training_installation:instructions", args=[engagement.reference, "macos"])


@pytest.mark.parametrize("role", ["coordinator", "consultant"])
def test_planners_see_and_change_the_plan(request, role, engagement, installation, client_for):
    client = client_for(request.getfixturevalue(role))
    page = client.get(reverse("training_installation:plan", args=[engagement.pk]))
    assert page.status_code == 200
    assert "Anna Åkesson" in page.content.decode()
    assert "Book installations" in page.content.decode()
    response = client.post(
        reverse("training_installation:status", args=[installation.pk]),
        {"action": "problem", "note": "No admin rights"},
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert (installation.status, installation.status_note) == (InstallationStatus.PROBLEM, "No admin rights")


def test_sales_read_the_plan_but_cannot_change_it(sales, engagement, installation, client_for):
    client = client_for(sales)
    page = client.get(reverse("training_installation:plan", args=[engagement.pk]))
    assert page.status_code == 200
    assert "Book installations" not in page.content.decode()
    for _method, url in _staff_pages(engagement, installation)[1:]:
        assert client.post(url).status_code == 403, url
    installation.refresh_from_db()
    assert installation.status == InstallationStatus.PLANNED


def test_a_consultant_of_another_engagement_gets_404(other_consultant, engagement, installation, client_for):
    client = client_for(other_consultant)
    for method, url in _staff_pages(engagement, installation):
        assert getattr(client, method)(url).status_code == 404, url


def test_the_customers_own_contact_gets_403_on_staff_pages(
    customer_contact, engagement, installation, client_for
):
    client = client_for(customer_contact)
    for method, url in _staff_pages(engagement, installation):
        assert getattr(client, method)(url).status_code == 403, url


def test_another_customers_contact_gets_404_on_every_page(
    other_customer_contact, engagement, installation, client_for
):
    client = client_for(other_customer_contact)
    for method, url in [*_staff_pages(engagement, installation), ("get", _pdf(engagement))]:
        assert getattr(client, method)(url).status_code == 404, url


def test_signed_out_visitors_are_sent_to_sign_in(client, engagement, installation):
    for method, url in [*_staff_pages(engagement, installation), ("get", _pdf(engagement))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_customer_downloads_the_instructions_and_sees_the_dates(
    customer_contact, engagement, installation, coordinator, consultant, client_for
):
    installation_book(
        installations=[installation],
        user=coordinator,
        consultant=consultant,
        day=date(2027, 1, 13),
        slot=Slot.MORNING,
    )
    client = client_for(customer_contact)
    pdf = client.get(_pdf(engagement))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert (
        client.get(
            reverse("training_installation:instructions", args=[engagement.reference, "linux"])
        ).status_code
        == 404
    )
    status = client.get(reverse("engagements:status", args=[engagement.reference])).content.decode()
    assert "Installing Dropbox on your computers" in status
    assert "Wednesday 13 January, morning: Anna Åkesson" in status


def test_the_engagement_page_panel(coordinator, engagement, installation, client_for):
    page = client_for(coordinator).get(engagement.get_absolute_url()).content.decode()
    assert "0 of 1 done" in page
    assert reverse("training_installation:plan", args=[engagement.pk]) in page
