"""Instructions only for people with high computer literacy; anyone else needs a recorded reason."""

import pytest

from engagements.models import AuditEntry
from tests.training.installation_factories import person
from training.installation.models import Method
from training.installation.services import (
    InstallationError,
    installation_add,
    installation_change,
    installation_plan_from_user_list,
)

pytestmark = pytest.mark.usefixtures("english")


def test_the_plan_gives_instructions_only_to_high_literacy(engagement, coordinator):
    person(engagement, coordinator, name="Anna", email="anna@kund.se", literacy="high")
    person(engagement, coordinator, name="Bertil", email="bertil@kund.se", literacy="low", os="Windows 11")
    plan = installation_plan_from_user_list(engagement=engagement, user=coordinator)
    by_name = {i.customer_user.name: i for i in plan}
    assert by_name["Anna"].method == Method.INSTRUCTIONS
    assert by_name["Bertil"].method == Method.REMOTE
    assert by_name["Bertil"].operating_system == "windows"
    assert by_name["Anna"].device == "MacBook Air"
    # Run again, nobody is planned twice.
    assert installation_plan_from_user_list(engagement=engagement, user=coordinator) == []


def test_instructions_for_medium_literacy_without_a_reason_are_refused(engagement, coordinator):
    bertil = person(engagement, coordinator, name="Bertil Ek", email="bertil@kund.se", literacy="medium")
    installation = installation_add(customer_user=bertil, user=coordinator)
    with pytest.raises(InstallationError) as refused:
        installation_change(installation=installation, user=coordinator, method=Method.INSTRUCTIONS)
    assert refused.value.message == (
        "Bertil Ek is not marked with high computer literacy: say why instructions are enough, "
        "or choose on site or remote."
    )
    installation.refresh_from_db()
    assert installation.method == Method.REMOTE


def test_a_reason_lets_instructions_through_and_is_recorded(engagement, coordinator):
    bertil = person(engagement, coordinator, name="Bertil Ek", email="bertil@kund.se", literacy="low")
    installation = installation_add(customer_user=bertil, user=coordinator)
    installation_change(
        installation=installation,
        user=coordinator,
        method=Method.INSTRUCTIONS,
        method_reason="Works from Kiruna; his son is an IT technician.",
    )
    installation.refresh_from_db()
    assert installation.method == Method.INSTRUCTIONS
    assert installation.method_reason == "Works from Kiruna; his son is an IT technician."
    entry = AuditEntry.objects.filter(action="installation.changed").first()
    assert entry.details["reason"] == "Works from Kiruna; his son is an IT technician."
    assert entry.details["method"] == ["remote", "instructions"]


def test_adding_instructions_directly_follows_the_same_rule(engagement, coordinator):
    low = person(engagement, coordinator, name="Cecilia", email="c@kund.se", literacy="low")
    with pytest.raises(InstallationError):
        installation_add(customer_user=low, user=coordinator, method=Method.INSTRUCTIONS, method_reason="  ")
    high = person(engagement, coordinator, name="David", email="d@kund.se", literacy="high")
    assert (
        installation_add(customer_user=high, user=coordinator, method=Method.INSTRUCTIONS).method_reason == ""
    )
