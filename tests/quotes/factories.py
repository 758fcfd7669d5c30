"""Quotes made the way the app makes them: through the services."""

from decimal import Decimal

from engagements.quotes.catalogue import catalogue_load_defaults
from engagements.quotes.models import CatalogueItem
from engagements.quotes.services import quote_accept, quote_draft_start, quote_line_add, quote_send


def draft_with_lines(engagement, user):
    """A draft with lines from three sections, one with a discount."""
    # Transactional tests (browser, worker) flush the catalogue the data migration loaded.
    catalogue_load_defaults()
    quote = quote_draft_start(engagement=engagement, user=user)
    quote_line_add(
        quote=quote, user=user, catalogue_item=CatalogueItem.objects.get(code="pre-study"), quantity=1
    )
    quote_line_add(
        quote=quote, user=user, catalogue_item=CatalogueItem.objects.get(code="migration-2tb"), quantity=1
    )
    quote_line_add(
        quote=quote,
        user=user,
        catalogue_item=CatalogueItem.objects.get(code="install-remote"),
        quantity=Decimal("18"),
        discount_percent=Decimal("12.5"),
    )
    quote_line_add(
        quote=quote,
        user=user,
        section="other",
        description="Inventering av skrivare",
        quantity=Decimal("2.5"),
        unit="hour",
        unit_price=Decimal("1150.33"),
    )
    return quote


def sent_quote(engagement, user):
    return quote_send(quote=draft_with_lines(engagement, user), user=user)


def accepted_quote(engagement, user, contact_user=None):
    """For other apps' tests too: an engagement with an accepted quote may go to planning."""
    quote = sent_quote(engagement, user)
    return quote_accept(quote=quote, name="Anna Åkesson", ip="192.0.2.10", user=contact_user)
