"""A draft's preview PDF says "UTKAST / DRAFT" on every page; the PDF the customer is sent does not."""

import io

from django.urls import reverse
from pypdf import PdfReader

from engagements.quotes.pdf import quote_pdf_bytes
from engagements.quotes.services import quote_send


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_preview_of_a_draft_is_marked_on_every_page(draft, sales, client_for):
    response = client_for(sales).get(reverse("quotes:pdf", args=[draft.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = _pages(response.content)
    assert all("UTKAST / DRAFT" in text for text in pages)


def test_the_sent_pdf_carries_no_draft_mark(draft, sales):
    quote_send(quote=draft, user=sales)
    draft.refresh_from_db()

    pages = _pages(quote_pdf_bytes(quote=draft))

    assert not any("UTKAST" in text or "DRAFT" in text for text in pages)
    assert any(draft.engagement.customer.name in text for text in pages)
