"""The user-list files that gave a 500 or a false "missing columns", uploaded as the bytes they are."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.quotes.models import CustomerUser

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


def upload(client, engagement, name):
    url = reverse("quotes:customer_users_import", args=[engagement.pk])
    data = (FILES / name).read_bytes()
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def confirm(client, engagement, preview):
    url = reverse("quotes:customer_users_import", args=[engagement.pk])
    return client.post(url, {"csv_text": preview.context["confirm_form"].initial["csv_text"]})


def test_excel_for_mac_csv_with_bare_cr_line_endings_imports(english, engagement, sales, client_for):
    client = client_for(sales)

    preview = upload(client, engagement, "users_mac_cr_only.csv")
    assert preview.status_code == 200
    assert confirm(client, engagement, preview).status_code == 302

    people = {p.email: p for p in CustomerUser.objects.filter(engagement=engagement)}
    assert sorted(people) == ["asa@kund.se", "per@kund.se"]
    assert people["asa@kund.se"].name == "Åsa Öberg"
    assert people["asa@kund.se"].department == "Ekonomi"


def test_a_line_break_inside_a_quoted_cell_joins_with_a_space(english, engagement, sales, client_for):
    client = client_for(sales)

    preview = upload(client, engagement, "users_cr_inside_quoted_cell.csv")
    assert preview.status_code == 200
    assert confirm(client, engagement, preview).status_code == 302

    asa = CustomerUser.objects.get(engagement=engagement, email="asa@kund.se")
    assert asa.department == "Ekonomi och lön"
    assert CustomerUser.objects.filter(engagement=engagement).count() == 2


def test_a_cell_over_the_csv_field_limit_is_a_sentence_and_nothing_is_imported(
    english, engagement, sales, client_for
):
    response = upload(client_for(sales), engagement, "users_cell_over_field_limit.csv")

    assert response.status_code == 400
    assert response.context["parsed"].file_errors == [
        "Line 3 could not be read: a cell is longer than 131,072 characters or a quotation mark "
        "is not closed. Nothing was imported."
    ]
    assert not CustomerUser.objects.filter(engagement=engagement).exists()


def test_a_utf16_file_with_a_byte_order_mark_is_read(english, engagement, sales, client_for):
    client = client_for(sales)

    preview = upload(client, engagement, "users_utf16_bom.csv")
    assert preview.status_code == 200
    assert [row.values["name"] for row in preview.context["parsed"].rows] == ["Åsa Öberg", "Per Lind"]
    assert confirm(client, engagement, preview).status_code == 302
    assert CustomerUser.objects.filter(engagement=engagement).count() == 2


def test_a_utf16_file_without_a_byte_order_mark_is_told_it_is_not_text(
    english, engagement, sales, client_for
):
    response = upload(client_for(sales), engagement, "users_utf16_no_bom.csv")

    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"] == [
        "The file is not a text file; save it as CSV (UTF-8)."
    ]
