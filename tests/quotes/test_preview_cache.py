"""A draft's preview PDF is rendered again only when something that goes into it changed."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from engagements.quotes.pdf import preview_cache_key, quote_pdf_html
from engagements.quotes.services import quote_line_update


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _preview(client, quote):
    response = client.get(reverse("quotes:pdf", args=[quote.pk]))
    assert response.status_code == 200
    return response.content


def test_a_second_preview_without_changes_serves_the_kept_bytes_and_a_changed_line_renders_anew(
    draft, sales, client_for
):
    client = client_for(sales)
    first = _preview(client, draft)
    key = preview_cache_key(quote_pdf_html(quote=draft, draft=True))
    assert first.startswith(b"%PDF") and cache.get(key) == first

    # Whatever sits under the key is what the next preview serves: it is not rendered again.
    cache.set(key, b"%PDF-kept")
    assert _preview(client, draft) == b"%PDF-kept"

    line = draft.lines.get(description="Inventering av skrivare")
    quote_line_update(line=line, user=sales, quantity=Decimal("3"))
    changed = _preview(client, draft)
    new_key = preview_cache_key(quote_pdf_html(quote=draft, draft=True))
    assert new_key != key
    assert changed.startswith(b"%PDF-1.") and cache.get(new_key) == changed


def test_a_sent_version_is_served_from_its_frozen_bytes_not_the_preview_cache(sent, sales, client_for):
    client = client_for(sales)
    assert _preview(client, sent) == bytes(type(sent).objects.get(pk=sent.pk).frozen_pdf)
