"""Who may see and act on the licences: consultants on the engagement invite, sales and
coordinators see and edit the plan, the customer's contact reads the status page's panel, another
customer's contact gets 404, staff not on the engagement 404."""

import pytest
from django.urls import reverse

from licensing.models import LicencePlan
from licensing.services import licence_plan_save
from tests.licensing.licence_helpers import plan, user_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(engagement, sales):
    user_list(engagement, 4)
    licence_plan_save(engagement=engagement, plan=plan("standard"), buffer_seats=1, months=12, user=sales)
    return engagement


def plan_post(client, engagement, buffer=3):
    return client.post(
        reverse("licensing:plan_save", args=[engagement.pk]),
        {"plan": plan("advanced").pk, "buffer_seats": buffer, "months": 12},
    )


@pytest.mark.parametrize("who", ["sales", "coordinator", "consultant", "admin_user"])
def test_staff_on_the_engagement_see_the_page(request, planned, client_for, who, english):
    response = client_for(request.getfixturevalue(who)).get(reverse("licensing:page", args=[planned.pk]))
    assert response.status_code == 200
    assert "Dropbox Standard" in response.content.decode()


@pytest.mark.parametrize(
    "who, status", [("other_sales", 404), ("other_consultant", 404), ("customer_contact", 403)]
)
def test_others_do_not_see_the_page(request, planned, client_for, who, status):
    response = client_for(request.getfixturevalue(who)).get(reverse("licensing:page", args=[planned.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("who", ["sales", "coordinator"])
def test_sales_and_coordinators_edit_the_plan(request, planned, client_for, who):
    response = plan_post(client_for(request.getfixturevalue(who)), planned)
    assert response.status_code == 302
    saved = LicencePlan.objects.get(engagement=planned)
    assert (saved.plan.code, saved.buffer_seats) == ("advanced", 3)


@pytest.mark.parametrize(
    "who, status", [("consultant", 403), ("customer_contact", 403), ("other_sales", 404)]
)
def test_others_may_not_edit_the_plan(request, planned, client_for, who, status):
    response = plan_post(client_for(request.getfixturevalue(who)), planned)
    assert response.status_code == status
    assert LicencePlan.objects.get(engagement=planned).plan.code == "standard"


@pytest.mark.parametrize(
    "who, status", [("sales", 403), ("other_consultant", 404), ("customer_contact", 403)]
)
def test_only_the_engagements_consultants_and_coordinators_invite(request, planned, client_for, who, status):
    response = client_for(request.getfixturevalue(who)).post(
        reverse("licensing:invitations_start", args=[planned.pk])
    )
    assert response.status_code == status


def test_a_plan_below_the_minimum_is_refused_on_the_page(planned, client_for, sales, english):
    planned.customer_users.all()[0].delete()
    response = plan_post(client_for(sales), planned, buffer=-1)
    assert response.status_code == 302
    page = client_for(sales).get(reverse("licensing:page", args=[planned.pk])).content.decode()
    assert "Ensure this value is greater than or equal to 0." in page
    assert LicencePlan.objects.get(engagement=planned).buffer_seats == 1


def test_the_customer_reads_a_plain_summary_on_their_status_page(
    planned, client_for, customer_contact, english
):
    response = client_for(customer_contact).get(reverse("engagements:status", args=[planned.reference]))
    assert response.status_code == 200
    assert "You will have Dropbox Standard with 5 accounts." in response.content.decode()
    assert "No one has been invited into your Dropbox team yet." in response.content.decode()


def test_another_customers_contact_gets_404_on_the_status_page(planned, client_for, other_customer_contact):
    response = client_for(other_customer_contact).get(reverse("engagements:status", args=[planned.reference]))
    assert response.status_code == 404


def test_the_engagement_page_summarises_the_plan_and_links_the_licence_page(
    planned, client_for, coordinator, english
):
    page = client_for(coordinator).get(planned.get_absolute_url()).content.decode()
    assert "Dropbox Standard: 5 seats (4 users + 1 buffer)" in page
    assert reverse("licensing:page", args=[planned.pk]) in page
