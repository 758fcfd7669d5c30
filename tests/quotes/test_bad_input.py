"""Every bad input of the Bar: a clear message, and nothing changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.quotes.models import CatalogueItem, CustomerUser


def _state(quote):
    return list(
        quote.lines.order_by("pk").values_list("description", "quantity", "unit_price", "discount_percent")
    )


FREE_LINE = {
    "section": "other",
    "description": "Extra arbete",
    "quantity": "1",
    "unit": "hour",
    "unit_price": "1000",
    "discount_percent": "0",
    "vat_rate": "25",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "-2", "Ett antal kan inte vara negativt."),
        ("unit_price", "-100", "Ett pris kan inte vara negativt."),
        ("discount_percent", "120", "En rabatt kan inte vara mer än 100 %."),
    ],
)
def test_bad_free_line_is_refused_with_a_sentence(draft, sales, client_for, field, value, message):
    before = _state(draft)
    response = client_for(sales).post(
        reverse("quotes:line_add", args=[draft.pk]), {**FREE_LINE, field: value}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(draft) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "-1", "Ett antal kan inte vara negativt."),
        ("discount_percent", "100.5", "En rabatt kan inte vara mer än 100 %."),
    ],
)
def test_bad_catalogue_line_is_refused_htmx_shows_the_error_inline(
    draft, sales, client_for, field, value, message
):
    before = _state(draft)
    item = CatalogueItem.objects.get(code="training-day")
    data = {"catalogue_item": item.pk, "quantity": "1", "discount_percent": "0", field: value}
    response = client_for(sales).post(
        reverse("quotes:line_add_from_catalogue", args=[draft.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # htmx swaps only 2xx; the partial carries the error
    assert message in response.content.decode()
    assert _state(draft) == before


def test_editing_a_line_with_a_negative_price_changes_nothing(draft, sales, client_for):
    line = draft.lines.first()
    before = _state(draft)
    data = {**FREE_LINE, "description": line.description, "unit_price": "-1"}
    response = client_for(sales).post(reverse("quotes:line_edit", args=[draft.pk, line.pk]), data)
    assert response.status_code == 400
    assert "Ett pris kan inte vara negativt." in response.content.decode()
    assert _state(draft) == before


def test_a_sent_quote_edited_in_place_is_refused(sent, sales, client_for):
    line = sent.lines.first()
    before = _state(sent)
    client = client_for(sales)
    response = client.post(
        reverse("quotes:line_edit", args=[sent.pk, line.pk]),
        {**FREE_LINE, "quantity": "9"},
        HTTP_HX_REQUEST="true",
    )
    refusal = "Version 1 är skickad och kan inte ändras; gör en ny version."
    assert refusal in response.content.decode()
    response = client.post(reverse("quotes:line_add", args=[sent.pk]), FREE_LINE, follow=True)
    assert refusal in response.content.decode()
    response = client.post(reverse("quotes:line_remove", args=[sent.pk, line.pk]), follow=True)
    assert refusal in response.content.decode()
    assert _state(sent) == before


def test_csv_with_a_malformed_email_imports_nothing_and_names_the_row(engagement, sales, client_for):
    csv = (
        "name;email;department;device;operating_system;computer_literacy\n"
        "Anna Berg;anna@kund.example;Ekonomi;MacBook;macOS;hög\n"
        "Bo Ek;bo-at-kund.example;Projekt;Dell;Windows 11;low\n"
    ).encode()
    url = reverse("quotes:customer_users_import", args=[engagement.pk])
    response = client_for(sales).post(url, {"file": SimpleUploadedFile("users.csv", csv, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "E-post: Fyll i en giltig e-postadress." in page
    assert "<td>3</td>" in page  # the row as the spreadsheet numbers it
    assert "Inget har importerats." in page
    assert not CustomerUser.objects.filter(engagement=engagement).exists()

    # Sending the text back as a "confirmation" anyway is refused the same way.
    response = client_for(sales).post(url, {"csv_text": csv.decode()})
    assert response.status_code == 400
    assert not CustomerUser.objects.filter(engagement=engagement).exists()


def test_a_validity_date_in_the_past_is_refused_where_it_was_typed(draft, sales, client_for):
    before = draft.valid_until
    data = {"valid_until": "2020-01-01", "payment_terms_days": "30", "terms": "Villkor"}
    response = client_for(sales).post(
        reverse("quotes:details", args=[draft.pk]), data, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'id="details"' in page and 'id="lines"' not in page
    assert "Giltighetsdatumet kan inte ligga i det förflutna." in page
    draft.refresh_from_db()
    assert draft.valid_until == before
