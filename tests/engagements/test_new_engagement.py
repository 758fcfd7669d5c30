"""The "New engagement" page: sales and coordinators open an engagement for a new or known customer."""

import pytest
from django.urls import reverse

from engagements import roles
from engagements.models import AuditEntry, Contact, Customer, Engagement
from engagements.phases import Phase
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

NEW_URL = reverse("engagements:new")


def _post(client, **fields):
    data = {
        "customer": "",
        "name": "",
        "organisation_number": "",
        "street_address": "",
        "postal_code": "",
        "city": "",
        "language": "sv",
        "title": "Filserver till Dropbox",
        "seller": "",
        "coordinator": "",
        "planned_start": "",
        "planned_end": "",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
    }
    data.update({key.replace("__", "-"): value for key, value in fields.items()})
    return client.post(NEW_URL, data)


def test_a_seller_opens_an_engagement_for_a_new_customer(client_for, sales, coordinator):
    response = _post(
        client_for(sales),
        name="Berg & Co Redovisning AB",
        organisation_number="5560360793",  # no dash: stored as the one canonical form
        city="Umeå",
        seller=sales.pk,
        coordinator=coordinator.pk,
        planned_start="2026-09-01",
        planned_end="2026-09-30",
        contacts__0__name="Anna Berg",
        contacts__0__email="anna@berg.example",
        contacts__0__phone="070-111 22 33",
        contacts__1__name="Bo Berg",
        contacts__1__email="bo@berg.example",
    )

    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.customer.name == "Berg & Co Redovisning AB"
    assert engagement.customer.organisation_number == "556036-0793"
    assert (engagement.seller, engagement.coordinator, engagement.phase) == (
        sales,
        coordinator,
        Phase.DISCOVERY,
    )
    contacts = list(engagement.customer.contacts.order_by("name").values_list("name", "is_primary", "user"))
    assert contacts == [("Anna Berg", True, None), ("Bo Berg", False, None)]
    assert {"customer.created", "engagement.created", "contact.created"} <= set(
        AuditEntry.objects.filter(actor=sales).values_list("action", flat=True)
    )
    page = client_for(sales).get(response["Location"]).content.decode()
    assert f"Engagement {engagement.reference} is opened for Berg &amp; Co Redovisning AB." in page


def test_a_coordinator_opens_one_for_a_known_customer_without_new_contacts(client_for, coordinator, sales):
    known = CustomerFactory(name="Åkesson Bygg AB")

    response = _post(client_for(coordinator), customer=known.pk, seller=sales.pk, title="Andra kontoret")

    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert (engagement.customer, engagement.title, engagement.coordinator) == (known, "Andra kontoret", None)
    assert Customer.objects.count() == 1


def test_a_wrong_check_digit_is_shown_beside_the_number_and_nothing_is_made(client_for, sales):
    response = _post(
        client_for(sales),
        name="Fel AB",
        organisation_number="556036-0794",
        seller=sales.pk,
        contacts__0__name="Anna",
        contacts__0__email="anna@fel.example",
    )

    assert response.status_code == 400
    assert response.context["form"].errors["organisation_number"] == [
        "556036-0794 is not a valid organisation number: the check digit does not match."
    ]
    assert not Customer.objects.exists() and not Engagement.objects.exists()


def test_a_known_number_points_to_the_customer_in_the_list(client_for, sales):
    CustomerFactory(name="Åkesson Bygg AB", organisation_number="556036-0793")

    response = _post(
        client_for(sales),
        name="Åkesson Bygg",
        organisation_number="556036 0793",
        seller=sales.pk,
        contacts__0__name="Anna",
        contacts__0__email="anna@ab.example",
    )

    assert response.status_code == 400
    assert response.context["form"].errors["organisation_number"] == [
        "556036-0793 is already the customer “Åkesson Bygg AB”: pick it from the list."
    ]
    assert not Engagement.objects.exists()


def test_a_new_customer_needs_a_name_and_a_contact(client_for, sales):
    response = _post(client_for(sales), organisation_number="556036-0793", seller=sales.pk)
    assert response.context["form"].errors["name"] == [
        "Pick a customer from the list, or give the new customer's name."
    ]

    response = _post(
        client_for(sales), name="Utan Kontakt AB", organisation_number="556036-0793", seller=sales.pk
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Give at least one contact at the new customer."]
    assert not Customer.objects.exists()


def test_an_end_before_the_start_is_a_form_error_and_no_customer_is_left(client_for, sales):
    response = _post(
        client_for(sales),
        name="Baklänges AB",
        organisation_number="556036-0793",
        seller=sales.pk,
        planned_start="2026-09-30",
        planned_end="2026-09-01",
        contacts__0__name="Anna",
        contacts__0__email="anna@bak.example",
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Customer.objects.exists() and not Contact.objects.exists()


def test_the_seller_and_coordinator_pickers_list_staff_only(client_for, sales, coordinator, consultant):
    customer_login = UserFactory(username="kund@kund.example", role=roles.CUSTOMER)
    inactive = UserFactory(username="gone", role=roles.SALES, is_active=False)

    form = client_for(coordinator).get(NEW_URL).context["form"]

    assert list(form.fields["seller"].queryset) == [sales]
    assert list(form.fields["coordinator"].queryset) == [coordinator]
    response = _post(client_for(coordinator), customer=CustomerFactory().pk, seller=customer_login.pk)
    assert response.status_code == 400
    assert "seller" in response.context["form"].errors
    response = _post(client_for(coordinator), customer=CustomerFactory().pk, seller=inactive.pk)
    assert "seller" in response.context["form"].errors
    assert not Engagement.objects.exists()


def test_the_list_links_to_the_page_for_sales_and_coordinators_only(client_for, sales, consultant):
    assert NEW_URL in client_for(sales).get(reverse("engagements:list")).content.decode()
    assert NEW_URL not in client_for(consultant).get(reverse("engagements:list")).content.decode()


@pytest.mark.parametrize("role", ["sales", "coordinator", "admin_user"])
def test_sales_coordinators_and_admins_open_the_page(request, client_for, role):
    response = client_for(request.getfixturevalue(role)).get(NEW_URL)
    assert response.status_code == 200
    assert "New engagement" in response.content.decode()


@pytest.mark.parametrize("role", ["consultant", "customer_contact"])
def test_consultants_and_customers_get_403(request, client_for, role, sales):
    client = client_for(request.getfixturevalue(role))
    before = Engagement.objects.count()
    assert client.get(NEW_URL).status_code == 403
    assert _post(client, customer=CustomerFactory().pk, seller=sales.pk).status_code == 403
    assert Engagement.objects.count() == before


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(NEW_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
