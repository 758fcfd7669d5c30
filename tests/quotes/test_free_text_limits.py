"""Free texts have a length limit, kept by the forms and the services, said in a sentence."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engagements.quotes.models import LONG_TEXT_LIMIT, DiscoveryRecord, Quote
from engagements.quotes.services import discovery_record_update, quote_details_update

MEGABYTE_OF_SCOPE = "Avgränsning: mappen Arkiv flyttas inte.\n" * 26_000  # about 1 MB
MESSAGE = (
    f"Keep this text to at most {LONG_TEXT_LIMIT} characters (it has {len(MEGABYTE_OF_SCOPE.strip())}); "
    "longer material belongs in an attachment."
)

pytestmark = pytest.mark.usefixtures("english")


def test_a_megabyte_of_scope_text_is_refused_by_the_form_and_nothing_is_stored(draft, sales, client_for):
    response = client_for(sales).post(
        reverse("quotes:details", args=[draft.pk]),
        {
            "valid_until": draft.valid_until.isoformat(),
            "payment_terms_days": 30,
            "scope_limitations": MEGABYTE_OF_SCOPE,
            "assumptions": "",
            "terms": draft.terms,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["details_form"].errors["scope_limitations"] == [MESSAGE]
    assert Quote.objects.get(pk=draft.pk).scope_limitations == ""


def test_the_services_refuse_texts_over_the_limit(draft, sales, engagement):
    with pytest.raises(ValidationError) as refused:
        quote_details_update(quote=draft, user=sales, terms="x" * (LONG_TEXT_LIMIT + 1))
    assert "terms" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        discovery_record_update(
            engagement=engagement, user=sales, data={"risks": "x" * (LONG_TEXT_LIMIT + 1)}
        )
    assert "risks" in refused.value.message_dict
    assert not DiscoveryRecord.objects.filter(engagement=engagement, risks__startswith="xxx").exists()


def test_a_text_at_the_limit_is_kept(draft, sales):
    quote_details_update(quote=draft, user=sales, assumptions="y" * LONG_TEXT_LIMIT)
    assert len(Quote.objects.get(pk=draft.pk).assumptions) == LONG_TEXT_LIMIT


def test_the_discovery_form_refuses_a_long_text_with_the_sentence(engagement, sales, client_for):
    response = client_for(sales).post(
        reverse("quotes:discovery_record", args=[engagement.pk]),
        {"out_of_scope": MEGABYTE_OF_SCOPE},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["record_form"].errors["out_of_scope"] == [MESSAGE]
