""" "Who to call" on the customer's status page names the seller and the coordinator with their phones."""

import pytest
from django.urls import reverse

from engagements.models import StaffProfile
from engagements.services import staff_phone_set

pytestmark = pytest.mark.usefixtures("english")


def test_the_customer_sees_the_phone_numbers_of_seller_and_coordinator(
    client_for, engagement, sales, coordinator, customer_contact
):
    staff_phone_set(staff=sales, phone=" 070-111 22 33 ", user=None)
    staff_phone_set(staff=coordinator, phone="08-120 300 41", user=None)

    page = client_for(customer_contact).get(reverse("engagements:status", args=[engagement.reference]))

    html = page.content.decode()
    contact = html[html.index('id="contact"') :]
    assert '<a href="tel:0701112233">070-111 22 33</a>' in contact
    assert '<a href="tel:0812030041">08-120 300 41</a>' in contact
    assert StaffProfile.objects.get(user=sales).phone == "070-111 22 33"


def test_a_member_of_staff_without_a_phone_shows_no_empty_link(client_for, engagement, customer_contact):
    html = (
        client_for(customer_contact).get(reverse("engagements:status", args=[engagement.reference])).content
    )
    assert b'href="tel:' not in html


def test_another_customer_gets_404(client_for, engagement, other_customer_contact):
    response = client_for(other_customer_contact).get(
        reverse("engagements:status", args=[engagement.reference])
    )
    assert response.status_code == 404
