"""Edits to the service catalogue in the admin are audited with old and new values."""

from django.urls import reverse

from engagements.models import AuditEntry
from engagements.quotes.models import CatalogueItem


def _form(item, **changes):
    data = {
        "code": item.code,
        "section": item.section,
        "name_sv": item.name_sv,
        "name_en": item.name_en,
        "unit": item.unit,
        "unit_price": str(item.unit_price),
        "vat_rate": str(item.vat_rate),
        "position": str(item.position),
        "is_active": "on" if item.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_changing_a_price_in_the_admin_writes_an_audit_row(admin_user, client_for):
    item = CatalogueItem.objects.get(code="pre-study")
    url = reverse("admin:quotes_catalogueitem_change", args=[item.pk])
    response = client_for(admin_user).post(url, _form(item, unit_price="9100.00"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="catalogue.item_changed")
    assert entry.actor == admin_user
    assert entry.details == {"code": "pre-study", "changes": {"unit_price": ["8500.00", "9100.00"]}}


def test_saving_unchanged_writes_nothing(admin_user, client_for):
    item = CatalogueItem.objects.get(code="pre-study")
    url = reverse("admin:quotes_catalogueitem_change", args=[item.pk])
    assert client_for(admin_user).post(url, _form(item)).status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


def test_the_lists_inline_edits_are_audited_too(admin_user, client_for):
    items = list(CatalogueItem.objects.order_by("position", "code")[:2])
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "_save": "Save",
    }
    for index, item in enumerate(items):
        data[f"form-{index}-id"] = str(item.pk)
        data[f"form-{index}-unit_price"] = str(item.unit_price)
        data[f"form-{index}-position"] = str(item.position)
    data["form-0-is_active"] = "on"  # the second item's box is left unticked: it goes off the list
    response = client_for(admin_user).post(reverse("admin:quotes_catalogueitem_changelist"), data)
    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(action="catalogue.item_changed")
    assert entry.details == {"code": items[1].code, "changes": {"is_active": [True, False]}}


def test_adding_and_deleting_are_audited(admin_user, client_for):
    client = client_for(admin_user)
    data = {
        "code": "printer-setup",
        "section": "other",
        "name_sv": "Skrivarinstallation",
        "name_en": "Printer set-up",
        "unit": "piece",
        "unit_price": "1200",
        "vat_rate": "25",
        "position": "200",
        "is_active": "on",
    }
    assert client.post(reverse("admin:quotes_catalogueitem_add"), data).status_code == 302
    added = AuditEntry.objects.get(action="catalogue.item_added")
    assert (added.details["code"], added.details["unit_price"]) == ("printer-setup", "1200.00")

    item = CatalogueItem.objects.get(code="printer-setup")
    response = client.post(
        reverse("admin:quotes_catalogueitem_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CatalogueItem.objects.filter(code="printer-setup").exists()
    deleted = AuditEntry.objects.get(action="catalogue.item_deleted")
    assert (deleted.actor, deleted.details["name_sv"]) == (admin_user, "Skrivarinstallation")


def test_a_bad_price_in_the_admin_is_refused_and_not_audited(admin_user, client_for):
    item = CatalogueItem.objects.get(code="pre-study")
    url = reverse("admin:quotes_catalogueitem_change", args=[item.pk])
    response = client_for(admin_user).post(url, _form(item, unit_price="-5"))
    assert response.status_code == 200  # the form again, with the error
    item.refresh_from_db()
    assert item.unit_price == 8500
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


def test_a_price_typed_without_oere_is_not_a_change(admin_user, client_for):
    item = CatalogueItem.objects.get(code="pre-study")
    url = reverse("admin:quotes_catalogueitem_change", args=[item.pk])
    assert client_for(admin_user).post(url, _form(item, unit_price="8500")).status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()
