"""The builder: htmx partials for inline line editing, duration from the scan, sending."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from engagements.phases import Phase
from engagements.quotes.models import CatalogueItem, Quote
from engagements.quotes.services import discovery_scan_summary_record, quote_draft_start, quote_line_add


def test_inline_edit_returns_the_lines_partial_with_new_totals(draft, sales, client_for):
    client = client_for(sales)
    line = draft.lines.get(description="Inventering av skrivare")
    url = reverse("quotes:line_edit", args=[draft.pk, line.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="lines"' in form and "<html" not in form and 'name="unit_price"' in form

    data = {
        "section": "other",
        "description": "Inventering av skrivare",
        "quantity": "4",
        "unit": "hour",
        "unit_price": "1000",
        "discount_percent": "0",
        "vat_rate": "25",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "4\u00a0000,00\u00a0kr" in response and "<html" not in response
    line.refresh_from_db()
    assert (line.quantity, line.unit_price) == (Decimal("4"), Decimal("1000"))
    assert draft.engagement.audit_entries.filter(action="quote.line_changed").exists()


def test_the_duration_comes_from_the_scan_and_an_adjustment_needs_a_reason(engagement, sales, client_for):
    discovery_scan_summary_record(
        engagement=engagement,
        files=10,
        folders=1,
        bytes=900 * 10**9,
        exceptions=0,
        estimated_migration_seconds=0,  # no measured estimate: bytes at the set throughput
        scanned_at=timezone.now(),
    )
    quote = quote_draft_start(engagement=engagement, user=sales)
    assert quote.estimated_migration_seconds == 900 * 10**9 // 25_000_000  # 36 000 s = 10 h

    client = client_for(sales)
    url = reverse("quotes:duration", args=[quote.pk])
    response = client.post(url, {"hours": "16"})
    assert response.status_code == 400
    assert Quote.objects.get(pk=quote.pk).duration_override_hours is None
    client.post(url, {"hours": "16", "reason": "Många små filer i Arkiv"})
    quote.refresh_from_db()
    assert (quote.duration_override_hours, quote.duration_override_reason) == (
        Decimal("16.0"),
        "Många små filer i Arkiv",
    )


def test_sending_freezes_the_pdf_and_moves_the_engagement_to_quoted(draft, sales, client_for):
    response = client_for(sales).post(reverse("quotes:send", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Quote.Status.SENT and bytes(draft.frozen_pdf).startswith(b"%PDF")
    draft.engagement.refresh_from_db()
    assert draft.engagement.phase == Phase.QUOTED


def test_an_empty_quote_is_not_sent(engagement, sales, client_for):
    quote = quote_draft_start(engagement=engagement, user=sales)
    response = client_for(sales).post(reverse("quotes:send", args=[quote.pk]), follow=True)
    assert "minst en rad" in response.content.decode()  # the page is in Swedish, the default
    assert Quote.objects.get(pk=quote.pk).status == Quote.Status.DRAFT


def test_builder_query_count_does_not_grow_with_lines(
    draft, sales, client_for, django_assert_max_num_queries
):
    client = client_for(sales)
    url = reverse("quotes:builder", args=[draft.engagement_id])
    client.get(url)
    item = CatalogueItem.objects.get(code="consultant-hour")
    for _ in range(10):
        quote_line_add(quote=draft, user=sales, catalogue_item=item, quantity=Decimal("1"))
    with django_assert_max_num_queries(12):
        client.get(url)


def test_engagement_page_shows_the_quote_panel(draft, consultant, client_for):
    page = (
        client_for(consultant).get(reverse("engagements:detail", args=[draft.engagement_id])).content.decode()
    )
    assert reverse("quotes:builder", args=[draft.engagement_id]) in page
    assert "67\u00a0017,00\u00a0kr" in page


def test_the_builder_suggests_the_migration_tier_from_the_scan(engagement, sales, client_for):
    discovery_scan_summary_record(
        engagement=engagement,
        files=10,
        folders=1,
        bytes=7 * 10**12 + 1,
        exceptions=0,
        estimated_migration_seconds=0,
        scanned_at=timezone.now(),
    )
    quote_draft_start(engagement=engagement, user=sales)
    response = client_for(sales).get(reverse("quotes:builder", args=[engagement.pk]))
    form = response.context["catalogue_form"]
    assert form.initial["catalogue_item"].code == "migration-5tb"
    assert response.context["suggestion"][1] == 3  # 2 TB and a byte above 5 TB: three started TB
