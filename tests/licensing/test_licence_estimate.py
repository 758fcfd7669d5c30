"""The licence estimate's rules: seats = users who need an account + buffer, never below the
plan's minimum (refused with a sentence), and the monthly and yearly cost with VAT."""

from decimal import Decimal

import pytest

from licensing.selectors import licence_estimate, licence_estimate_of
from licensing.services import LicencePlanError, licence_plan_save, licensed_users_set
from tests.licensing.licence_helpers import plan, user_list

pytestmark = pytest.mark.django_db


def test_seats_are_the_users_who_need_an_account_plus_the_buffer(engagement, sales):
    people = user_list(engagement, 10)
    licensed_users_set(engagement=engagement, licensed_user_ids={p.pk for p in people[:8]}, user=sales)

    saved = licence_plan_save(
        engagement=engagement, plan=plan("standard"), buffer_seats=2, months=12, user=sales
    )
    estimate = licence_estimate_of(licence_plan=saved)

    assert (estimate.users, estimate.buffer, estimate.seats) == (8, 2, 10)
    # 10 × 165 kr a month; VAT 25 % on the sum; a year is twelve months.
    assert estimate.cost.monthly == Decimal("1650.00")
    assert estimate.cost.monthly_vat == Decimal("412.50")
    assert estimate.cost.monthly_total == Decimal("2062.50")
    assert estimate.cost.yearly == Decimal("19800.00")
    assert estimate.cost.yearly_total == Decimal("24750.00")


def test_everyone_on_the_list_needs_an_account_until_told_otherwise(engagement, sales):
    user_list(engagement, 4)
    saved = licence_plan_save(
        engagement=engagement, plan=plan("advanced"), buffer_seats=0, months=12, user=sales
    )
    assert licence_estimate_of(licence_plan=saved).seats == 4


def test_below_the_plans_minimum_is_refused_with_a_sentence(engagement, sales, english):
    user_list(engagement, 1)
    with pytest.raises(LicencePlanError) as refused:
        licence_plan_save(engagement=engagement, plan=plan("business"), buffer_seats=1, months=12, user=sales)
    assert str(refused.value) == (
        "Dropbox Business is sold from 3 seats; 1 users and a buffer of 1 make 2. "
        "Raise the buffer or choose another plan."
    )


def test_unticking_users_below_the_minimum_is_refused(engagement, sales, english):
    people = user_list(engagement, 3)
    licence_plan_save(engagement=engagement, plan=plan("standard"), buffer_seats=0, months=12, user=sales)
    with pytest.raises(LicencePlanError):
        licensed_users_set(engagement=engagement, licensed_user_ids={people[0].pk}, user=sales)
    assert licence_estimate(plan=plan("standard"), users=3, buffer=0).below_minimum is False


def test_the_cost_rounds_to_ore_once_per_sum():
    business_plus = plan("business-plus")
    business_plus.price_per_user_month = Decimal("99.99")
    cost = licence_estimate(plan=business_plus, users=3, buffer=0).cost
    assert (cost.monthly, cost.monthly_vat) == (Decimal("299.97"), Decimal("74.99"))
