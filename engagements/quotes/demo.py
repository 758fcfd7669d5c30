"""Demo data for discovery and quotes: walking a demo engagement to QUOTED gives it a
discovery record and a sent quote; walking it on to PLANNING has the customer accept it."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.estimates import migration_seconds_estimate
from engagements.phases import Phase
from engagements.quotes.catalogue import catalogue_load_defaults
from engagements.quotes.models import CatalogueItem, OfflineAcceptance, Quote
from engagements.quotes.selectors import suggested_migration_tier
from engagements.quotes.services import (
    customer_user_add,
    discovery_record_update,
    discovery_scan_summary_record,
    file_server_add,
    quote_accept,
    quote_accept_recorded,
    quote_decline,
    quote_details_update,
    quote_draft_start,
    quote_line_add,
    quote_send,
)

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Johan",
    "Sara",
    "Lars",
    "Karin",
    "Nils",
    "Elin",
    "Oskar",
    "Ida",
    "Per",
]
DEPARTMENTS = ["Ekonomi", "Projekt", "Ledning", "Kundtjänst"]


def _discovery(engagement) -> int:
    """A believable discovery record; returns the number of users."""
    users = 6 + (engagement.pk * 7) % 30
    seller = engagement.seller
    discovery_record_update(
        engagement=engagement,
        user=seller,
        data={
            "user_count": users,
            "device_count": users + 3,
            "mail_provider": "Microsoft 365",
            "mailbox_count": users,
            "other_systems": "Fortnox (ekonomi), skrivare i nätverket",
            "expectations": "Kunna arbeta i sina filer hemifrån och på resa, utan VPN.",
            "risks": "Långa sökvägar i projektarkivet; gamla filer med tecken som Dropbox inte tillåter.",
            "out_of_scope": "E-postflytt ingår inte. Skrivare och ekonomisystem berörs inte.",
        },
    )
    size_gb = 300 + (engagement.pk * 137) % 1500
    file_server_add(
        engagement=engagement,
        user=seller,
        name="FILSRV01",
        operating_system="Windows Server 2012 R2",
        shares="Gemensam, Projekt, Ekonomi",
        approximate_size_gb=size_gb,
        age_years=8,
    )
    for index in range(min(users, 5)):
        first = FIRST_NAMES[(engagement.pk + index) % len(FIRST_NAMES)]
        customer_user_add(
            engagement=engagement,
            user=seller,
            name=f"{first} Demo{index + 1}",
            email=f"{first.lower()}.demo{index + 1}@{engagement.reference.lower()}.example",
            department=DEPARTMENTS[index % len(DEPARTMENTS)],
            device="MacBook Air" if index % 2 else "Dell Latitude",
            operating_system="macOS 15" if index % 2 else "Windows 11",
            computer_literacy=["low", "medium", "high"][index % 3],
        )
    discovery_scan_summary_record(
        engagement=engagement,
        files=size_gb * 2100,
        folders=size_gb * 95,
        bytes=size_gb * 10**9,
        exceptions=(engagement.pk * 3) % 40,
        estimated_migration_seconds=migration_seconds_estimate(files=size_gb * 2100, bytes=size_gb * 10**9),
        scanned_at=timezone.now() - timedelta(days=3),
    )
    return users


def demo_sent_quote(engagement) -> None:
    catalogue_load_defaults()
    if engagement.quotes.exists():
        return
    users = _discovery(engagement)
    seller = engagement.seller
    quote = quote_draft_start(engagement=engagement, user=seller)
    items = {item.code: item for item in CatalogueItem.objects.all()}
    suggestion = suggested_migration_tier(engagement)
    tier = suggestion[0].code if suggestion else "migration-2tb"
    for code, quantity, discount in [
        ("pre-study", 1, 0),
        (tier, 1, 0),
        ("dropbox-standard", users * 12, 0),
        ("install-remote", users, 10),
        ("training-half-days", 1, 0),
        ("support-two-weeks", 1, 0),
        ("decommission-server", 1, 0),
    ]:
        quote_line_add(
            quote=quote,
            user=seller,
            catalogue_item=items[code],
            quantity=Decimal(quantity),
            discount_percent=Decimal(discount),
        )
    # One quote close to its validity date, so the pipeline's "about to expire" has something.
    valid_days = 5 if engagement.pk % 2 else 30
    quote_details_update(
        quote=quote,
        user=seller,
        valid_until=timezone.localdate() + timedelta(days=valid_days),
        assumptions="Kunden ger oss administratörsbehörighet till filservern före start.",
    )
    quote_send(quote=quote, user=seller, advance_engagement=False, notify_customer=False)


def demo_accepted_quote(engagement) -> None:
    demo_sent_quote(engagement)
    quote = engagement.quotes.filter(status=Quote.Status.SENT).order_by("-version").first()
    if quote is None:
        return
    contact = engagement.customer.contacts.first()
    if engagement.pk % 2 == 0:
        # Some customers sign the PDF and mail it back; the seller records that on the quote page.
        quote_accept_recorded(
            quote=quote,
            user=engagement.seller,
            name=contact.name if contact else "Demo",
            accepted_at=timezone.now(),
            channel=OfflineAcceptance.Channel.EMAIL,
            note="Signerad offert kom per e-post; sparad i kundmappen.",
            advance_engagement=False,
            notify_seller=False,
        )
        return
    quote_accept(
        quote=quote,
        name=contact.name if contact else "Demo",
        ip="192.0.2.44",
        user=contact.user if contact else None,
        advance_engagement=False,
        notify_seller=False,
    )


def demo_declined_quote(engagement) -> None:
    """A lost deal: the customer said no to the quote, with a reason the seller can learn from."""
    quote = engagement.quotes.filter(status=Quote.Status.SENT).order_by("-version").first()
    if quote is None:
        return
    contact = engagement.customer.contacts.first()
    quote_decline(
        quote=quote,
        name=contact.name if contact else "Demo",
        reason="Vi väljer att vänta till nästa budgetår.",
        ip="192.0.2.45",
        user=contact.user if contact else None,
        notify_seller=False,
    )


register_demo_step(to_phase=Phase.QUOTED, step=demo_sent_quote)
register_demo_step(to_phase=Phase.LOST, step=demo_declined_quote)
register_demo_step(to_phase=Phase.PLANNING, step=demo_accepted_quote)
