"""An appraisal per asset; "issue store credit" turns the total into the customer's store credit
(invoicing's ledger), once."""

from decimal import Decimal

import pytest

from decommission.models import Asset
from decommission.services import asset_appraise, asset_save, store_credit_issue
from engagements.errors import DomainError
from invoicing.selectors import credit_balance

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def two_assets(engagement, coordinator):
    return [asset_save(engagement=engagement, user=coordinator, name=name) for name in ("FS01", "NAS")]


def test_the_appraised_total_becomes_the_customers_store_credit(engagement, coordinator, two_assets):
    asset_appraise(asset=two_assets[0], user=coordinator, residual_value=Decimal("1200.00"))
    asset_appraise(asset=two_assets[1], user=coordinator, residual_value=Decimal("350.50"))

    record = store_credit_issue(engagement=engagement, user=coordinator)

    assert record.credit_amount == Decimal("1550.50")
    assert credit_balance(customer=engagement.customer) == Decimal("1550.50")
    appraised = Asset.objects.get(pk=two_assets[0].pk)
    assert (appraised.appraised_by, appraised.residual_value) == (coordinator, Decimal("1200.00"))


def test_the_credit_is_issued_once_and_the_appraisal_then_stays(engagement, coordinator, two_assets):
    for asset in two_assets:
        asset_appraise(asset=asset, user=coordinator, residual_value=Decimal("100"))
    store_credit_issue(engagement=engagement, user=coordinator)

    with pytest.raises(DomainError) as twice:
        store_credit_issue(engagement=engagement, user=coordinator)
    assert str(twice.value) == "The store credit for this equipment has already been issued."
    with pytest.raises(DomainError):
        asset_appraise(asset=two_assets[0], user=coordinator, residual_value=Decimal("900"))
    assert credit_balance(customer=engagement.customer) == Decimal("200.00")


def test_not_before_every_asset_is_appraised(engagement, coordinator, two_assets):
    asset_appraise(asset=two_assets[0], user=coordinator, residual_value=Decimal("100"))

    with pytest.raises(DomainError) as refused:
        store_credit_issue(engagement=engagement, user=coordinator)

    assert str(refused.value) == "Appraise every asset first (a value of 0 is an appraisal too)."
    assert credit_balance(customer=engagement.customer) == Decimal("0.00")


def test_no_credit_for_equipment_worth_nothing(engagement, coordinator, two_assets):
    for asset in two_assets:
        asset_appraise(asset=asset, user=coordinator, residual_value=Decimal("0"))

    with pytest.raises(DomainError) as refused:
        store_credit_issue(engagement=engagement, user=coordinator)
    assert str(refused.value) == "The equipment has no residual value: there is no credit to issue."
