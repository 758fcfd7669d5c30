"""The demo step gives an engagement entering rollout an installation plan with a booked visit."""

import pytest

from tests.training.installation_factories import person
from training.installation.demo import plan_installations
from training.installation.models import InstallationStatus


@pytest.mark.usefixtures("english")
def test_the_demo_step_plans_books_and_marks_some_done(engagement, coordinator):
    person(engagement, coordinator, name="Anna", email="anna@kund.se", literacy="high")
    person(engagement, coordinator, name="Bo", email="bo@kund.se")
    person(engagement, coordinator, name="Cilla", email="cilla@kund.se", os="Windows 11")
    plan_installations(engagement)
    statuses = dict(engagement.installations.values_list("customer_user__name", "status"))
    assert statuses == {
        "Anna": InstallationStatus.VERIFIED,
        "Bo": InstallationStatus.INSTALLED,
        "Cilla": InstallationStatus.PLANNED,
    }
    assert engagement.installations.get(customer_user__name="Cilla").sprint is not None
    plan_installations(engagement)  # twice is once
    assert engagement.installations.count() == 3
