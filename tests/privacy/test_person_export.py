"""A person's data on request, from the admin: everything about them, nothing about anyone else."""

import json

import pytest
from django.urls import reverse

from engagements.models import AuditEntry
from engagements.quotes.models import CustomerUser
from engagements.services import audit_log
from tests.factories import ContactFactory, UserFactory, make_engagement

URL = "admin:privacy_person_export"


@pytest.fixture
def people(db):
    engagement = make_engagement()
    anna = ContactFactory(
        customer=engagement.customer, name="Anna Åkesson", email="anna@kund.example", phone="070-1"
    )
    bo = ContactFactory(customer=engagement.customer, name="Bo Berg", email="bo@kund.example", phone="070-2")
    CustomerUser.objects.create(
        engagement=engagement, name="Anna Åkesson", email="Anna@Kund.example", department="Ekonomi"
    )
    CustomerUser.objects.create(engagement=engagement, name="Bo Berg", email="bo@kund.example")
    audit_log(action="test.about_anna", user=None, engagement=engagement, details={"name": "Anna Åkesson"})
    audit_log(action="test.about_bo", user=None, engagement=engagement, details={"name": "Bo Berg"})
    return engagement, anna, bo


def test_the_export_holds_the_person_and_not_another(client_for, admin_user, people):
    engagement, anna, _bo = people
    response = client_for(admin_user).post(reverse(URL), {"email": "ANNA@kund.example"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)
    assert [c["name"] for c in data["customer_contacts"]] == ["Anna Åkesson"]
    assert data["customer_contacts"][0]["phone"] == "070-1"
    assert [(u["engagement"], u["department"]) for u in data["customer_users"]] == [
        (engagement.reference, "Ekonomi")
    ]
    assert [login["username"] for login in data["logins"]] == ["anna@kund.example"]
    assert [e["action"] for e in data["audit_entries"]] == ["test.about_anna"]
    assert "Bo Berg" not in text and "bo@kund.example" not in text and "070-2" not in text
    assert AuditEntry.objects.filter(action="privacy.person_exported", actor=admin_user).exists()


def test_staff_without_the_permission_get_403(client_for, people):
    clerk = UserFactory(username="clerk", is_staff=True)
    assert client_for(clerk).post(reverse(URL), {"email": "anna@kund.example"}).status_code == 403


def test_a_bad_address_gets_the_form_again(client_for, admin_user, people, english):
    response = client_for(admin_user).post(reverse(URL), {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
