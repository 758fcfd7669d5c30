"""File servers and people on the user list are edited in their row (htmx), each change audited."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.quotes.services import customer_user_add, customer_user_update, file_server_add


@pytest.fixture
def server(engagement, sales):
    return file_server_add(
        engagement=engagement,
        user=sales,
        name="FS01",
        operating_system="Windows Server 2012",
        shares="Ekonomi",
    )


@pytest.fixture
def people(engagement, sales):
    return [
        customer_user_add(engagement=engagement, user=sales, name="Anna Berg", email="anna@kund.example"),
        customer_user_add(engagement=engagement, user=sales, name="Bo Ek", email="bo@kund.example"),
    ]


SERVER = {"name": "FS01", "operating_system": "Windows Server 2012", "shares": "Ekonomi"}


def test_a_file_server_row_is_edited_inline_and_audited(engagement, server, consultant, client_for):
    client = client_for(consultant)
    url = reverse("quotes:file_server_edit", args=[engagement.pk, server.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="servers"' in form and "<html" not in form and 'value="FS01"' in form

    data = {**SERVER, "approximate_size_gb": "1800", "age_years": "9"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "1800" in response.content.decode()
    server.refresh_from_db()
    assert (server.approximate_size_gb, server.age_years) == (1800, 9)
    entry = engagement.audit_entries.get(action="discovery.file_server_changed")
    assert entry.actor == consultant
    assert entry.details == {
        "name": "FS01",
        "changes": {"approximate_size_gb": [None, 1800], "age_years": [None, 9]},
    }


def test_a_bad_file_server_edit_is_shown_in_the_row_and_changes_nothing(
    engagement, server, sales, client_for
):
    url = reverse("quotes:file_server_edit", args=[engagement.pk, server.pk])
    response = client_for(sales).post(url, {**SERVER, "name": "", "age_years": "-1"})
    assert response.status_code == 400
    server.refresh_from_db()
    assert (server.name, server.age_years) == ("FS01", None)
    assert not engagement.audit_entries.filter(action="discovery.file_server_changed").exists()


def test_a_person_is_edited_inline_and_audited(engagement, people, consultant, client_for):
    anna = people[0]
    url = reverse("quotes:customer_user_edit", args=[engagement.pk, anna.pk])
    data = {
        "name": "Anna Berg",
        "email": "anna@kund.example",
        "device": "MacBook Pro",
        "computer_literacy": "high",
    }
    response = client_for(consultant).post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    anna.refresh_from_db()
    assert (anna.device, anna.computer_literacy) == ("MacBook Pro", "high")
    entry = engagement.audit_entries.get(action="discovery.user_changed")
    assert entry.details["changes"] == {
        "device": ["", "MacBook Pro"],
        "computer_literacy": ["medium", "high"],
    }


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("bo@kund.example", "E-postadressen finns redan i användarlistan."),
        ("anna-at-kund.example", "Fyll i en giltig e-postadress."),
    ],
)
def test_a_persons_email_taken_or_malformed_is_refused(engagement, people, sales, client_for, email, message):
    anna = people[0]
    url = reverse("quotes:customer_user_edit", args=[engagement.pk, anna.pk])
    data = {"name": "Anna Berg", "email": email, "computer_literacy": "medium"}
    response = client_for(sales).post(url, data, HTTP_HX_REQUEST="true")
    assert message in response.content.decode()
    anna.refresh_from_db()
    assert anna.email == "anna@kund.example"
    assert not engagement.audit_entries.filter(action="discovery.user_changed").exists()


def test_row_edits_are_for_the_engagements_team(
    engagement, server, people, customer_contact, other_sales, client_for
):
    urls = [
        reverse("quotes:file_server_edit", args=[engagement.pk, server.pk]),
        reverse("quotes:customer_user_edit", args=[engagement.pk, people[0].pk]),
    ]
    for url in urls:
        assert client_for(customer_contact).post(url, SERVER).status_code == 403
        assert client_for(other_sales).post(url, SERVER).status_code == 404
    server.refresh_from_db()
    assert server.shares == "Ekonomi"


def test_an_address_in_other_letters_case_is_the_same_person(engagement, people, sales, client_for):
    client = client_for(sales)
    response = client.post(
        reverse("quotes:customer_user_add", args=[engagement.pk]),
        {"name": "Anna igen", "email": "Anna@Kund.example", "computer_literacy": "low"},
    )
    assert response.status_code == 400
    customer_user_add(engagement=engagement, user=sales, name="Cecilia", email="Cecilia@Kund.example")
    csv = b"name,email\nCecilia D,cecilia@kund.example\n"
    response = client.post(
        reverse("quotes:customer_users_import", args=[engagement.pk]),
        {"file": SimpleUploadedFile("users.csv", csv, "text/csv")},
    )
    assert response.status_code == 400
    assert engagement.customer_users.count() == 3


def test_the_service_refuses_an_address_in_other_letters_case_and_writes_nothing(engagement, people, sales):
    audits = engagement.audit_entries.count()
    with pytest.raises(ValidationError, match="E-postadressen finns redan i användarlistan."):
        customer_user_add(engagement=engagement, user=sales, name="Anna igen", email="ANNA@kund.example")
    with pytest.raises(ValidationError, match="E-postadressen finns redan i användarlistan."):
        customer_user_update(person=people[1], user=sales, email="Anna@Kund.Example")
    assert engagement.customer_users.count() == 2
    assert engagement.audit_entries.count() == audits
