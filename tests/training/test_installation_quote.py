"""Method counts flow to the draft quote's installation lines; a sent quote is refused with a sentence."""

from decimal import Decimal

import pytest

from engagements.quotes.services import quote_revise
from tests.quotes.factories import draft_with_lines, sent_quote
from tests.training.installation_factories import person
from training.installation.models import Method
from training.installation.services import (
    InstallationError,
    installation_add,
    installation_change,
    installation_quote_sync,
    installation_waive,
)

pytestmark = pytest.mark.usefixtures("english")


def _installation_lines(quote):
    return {
        line.catalogue_item.code: line.quantity
        for line in quote.lines.select_related("catalogue_item").filter(section="installation")
    }


def test_counts_flow_to_the_draft(engagement, coordinator, sales):
    draft = draft_with_lines(engagement, sales)  # has "install-remote" × 18 from the seller's guess
    anna = person(engagement, coordinator, name="Anna", email="anna@kund.se", literacy="high")
    bo = person(engagement, coordinator, name="Bo", email="bo@kund.se")
    cilla = person(engagement, coordinator, name="Cilla", email="cilla@kund.se")
    installation_add(customer_user=anna, user=coordinator)  # instructions
    installation_add(customer_user=anna, user=coordinator, device="iMac", method=Method.INSTRUCTIONS)
    installation_add(customer_user=bo, user=coordinator)  # remote
    on_site = installation_add(customer_user=cilla, user=coordinator, method=Method.ON_SITE)
    # A person counts once per method, whatever their devices.
    assert _installation_lines(draft) == {
        "install-remote": Decimal("1"),
        "install-guided": Decimal("1"),
        "install-onsite": Decimal("1"),
    }
    installation_change(installation=on_site, user=coordinator, method=Method.REMOTE)
    assert _installation_lines(draft) == {"install-remote": Decimal("2"), "install-guided": Decimal("1")}
    installation_waive(installation=on_site, user=coordinator, reason="Cilla has left the company.")
    installation_quote_sync(engagement=engagement, user=coordinator)
    assert _installation_lines(draft) == {"install-remote": Decimal("1"), "install-guided": Decimal("1")}


def test_a_sent_quote_is_refused_with_a_sentence(engagement, coordinator, sales):
    quote = sent_quote(engagement, sales)
    bo = person(engagement, coordinator, name="Bo", email="bo@kund.se")
    installation_add(customer_user=bo, user=coordinator)  # no draft: the plan is made, the quote left alone
    with pytest.raises(InstallationError) as refused:
        installation_quote_sync(engagement=engagement, user=coordinator)
    assert refused.value.message == (
        "Version 1 of the quote has been sent, so its installation lines cannot change; "
        "make a new version of the quote first."
    )
    assert _installation_lines(quote) == {"install-remote": Decimal("18")}
    revision = quote_revise(quote=quote, user=sales)
    installation_quote_sync(engagement=engagement, user=coordinator)
    assert _installation_lines(revision) == {"install-remote": Decimal("1")}
    assert _installation_lines(quote) == {"install-remote": Decimal("18")}
