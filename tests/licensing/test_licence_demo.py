"""The demo step gives an engagement reaching the migration phase a licence plan."""

import pytest

from licensing.demo import demo_licence_plan
from licensing.selectors import licence_estimate_of, licence_plan_of
from tests.licensing.licence_helpers import user_list

pytestmark = pytest.mark.django_db


def test_a_demo_engagement_gets_a_plan_with_a_buffer(engagement):
    user_list(engagement, 18)
    demo_licence_plan(engagement)
    demo_licence_plan(engagement)  # twice: still one plan

    estimate = licence_estimate_of(licence_plan=licence_plan_of(engagement=engagement))
    assert (estimate.plan.code, estimate.users, estimate.seats) == ("standard", 18, 20)


def test_a_small_demo_team_reaches_the_minimum(engagement):
    user_list(engagement, 0)
    demo_licence_plan(engagement)
    assert licence_estimate_of(licence_plan=licence_plan_of(engagement=engagement)).seats == 3
