"""The discovery record, file servers and user list: edited inline, every change audited."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.quotes.models import CustomerUser, DiscoveryRecord, FileServer

GOOD_CSV = (
    "Namn;E-post;Avdelning;Enhet;Operativsystem;Datorvana\n"
    "Anna Berg;anna@kund.example;Ekonomi;MacBook Air;macOS 15;hög\n"
    "Bo Ek;bo@kund.example;Projekt;Dell Latitude;Windows 11;låg\n"
).encode("cp1252")


def test_editing_the_record_inline_saves_and_audits_each_change(engagement, consultant, client_for):
    client = client_for(consultant)
    url = reverse("quotes:discovery_record", args=[engagement.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert "<form" in form.content.decode() and "<html" not in form.content.decode()

    response = client.post(
        url,
        {"user_count": "18", "mail_provider": "Microsoft 365", "risks": "Långa sökvägar"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Microsoft 365" in response.content.decode()
    record = DiscoveryRecord.objects.get(engagement=engagement)
    assert (record.user_count, record.risks) == (18, "Långa sökvägar")
    entry = engagement.audit_entries.get(action="discovery.record_changed")
    assert entry.actor == consultant
    assert entry.details["user_count"] == [None, 18]


def test_a_bad_number_in_the_record_is_shown_and_nothing_saved(engagement, consultant, client_for):
    url = reverse("quotes:discovery_record", args=[engagement.pk])
    response = client_for(consultant).post(url, {"user_count": "-3"})
    assert response.status_code == 400
    assert not DiscoveryRecord.objects.filter(engagement=engagement).exists()


def test_file_servers_and_users_are_added_and_removed_with_audit(engagement, sales, client_for):
    client = client_for(sales)
    client.post(
        reverse("quotes:file_server_add", args=[engagement.pk]),
        {"name": "FILSRV01", "operating_system": "Windows Server 2012", "approximate_size_gb": "800"},
    )
    server = FileServer.objects.get(engagement=engagement)
    client.post(
        reverse("quotes:customer_user_add", args=[engagement.pk]),
        {"name": "Anna Berg", "email": "anna@kund.example", "computer_literacy": "high"},
    )
    person = CustomerUser.objects.get(engagement=engagement)
    response = client.post(
        reverse("quotes:customer_user_add", args=[engagement.pk]),
        {"name": "Anna igen", "email": "anna@kund.example", "computer_literacy": "low"},
    )
    assert (
        response.status_code == 400
        and "E-postadressen finns redan i användarlistan." in response.content.decode()
    )
    client.post(reverse("quotes:file_server_remove", args=[engagement.pk, server.pk]))
    client.post(reverse("quotes:customer_user_remove", args=[engagement.pk, person.pk]))
    actions = set(engagement.audit_entries.values_list("action", flat=True))
    assert {
        "discovery.file_server_added",
        "discovery.user_added",
        "discovery.file_server_removed",
        "discovery.user_removed",
    } <= actions
    assert not engagement.file_servers.exists() and not engagement.customer_users.exists()


def test_csv_import_previews_then_imports_every_row(engagement, sales, client_for):
    client = client_for(sales)
    url = reverse("quotes:customer_users_import", args=[engagement.pk])
    preview = client.post(url, {"file": SimpleUploadedFile("users.csv", GOOD_CSV, "text/csv")})
    assert preview.status_code == 200
    assert "Anna Berg" in preview.content.decode()
    assert not CustomerUser.objects.filter(engagement=engagement).exists()  # a preview saves nothing

    text = preview.context["confirm_form"].initial["csv_text"]
    response = client.post(url, {"csv_text": text})
    assert response.status_code == 302
    people = CustomerUser.objects.filter(engagement=engagement).order_by("name")
    assert [(p.name, p.computer_literacy) for p in people] == [("Anna Berg", "high"), ("Bo Ek", "low")]
    assert engagement.audit_entries.get(action="discovery.users_imported").details["count"] == 2


def test_csv_row_clashing_with_the_list_imports_nothing(engagement, sales, client_for):
    CustomerUser.objects.create(engagement=engagement, name="Bo", email="bo@kund.example")
    url = reverse("quotes:customer_users_import", args=[engagement.pk])
    response = client_for(sales).post(url, {"file": SimpleUploadedFile("u.csv", GOOD_CSV, "text/csv")})
    assert response.status_code == 400
    assert "bo@kund.example finns redan i användarlistan." in response.content.decode()
    assert CustomerUser.objects.filter(engagement=engagement).count() == 1


def test_the_scan_summary_is_shown_beside_the_record(engagement, sales, client_for):
    from django.utils import timezone

    from engagements.quotes.services import discovery_scan_summary_record

    discovery_scan_summary_record(
        engagement=engagement,
        files=123456,
        folders=789,
        bytes=2 * 10**12,
        exceptions=42,
        estimated_migration_seconds=90000,
        scanned_at=timezone.now(),
    )
    page = client_for(sales).get(reverse("quotes:discovery", args=[engagement.pk])).content.decode()
    assert "123456" in page and "42" in page
    assert "25 tim" in page  # 90 000 s = 25 h; the page is in Swedish, the default
