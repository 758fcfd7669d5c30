"""Access is granted per folder: a file path (or a folder inside one) is refused with a sentence."""

import pytest

from licensing.folders.models import FolderAccess
from licensing.folders.services import (
    FolderPlanError,
    folder_access_set,
    folder_plan_approve,
    folder_plan_get_or_create,
    plan_groups_from_user_list,
    planned_folder_add,
)
from tests.licensing.folders_helpers import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(engagement, consultant):
    people(engagement, [("Anna Ek", "anna@kund.example.se", "Ekonomi")])
    plan = folder_plan_get_or_create(engagement=engagement)
    planned_folder_add(plan=plan, name="Ekonomi", user=consultant)
    plan_groups_from_user_list(plan=plan, user=consultant)
    return plan


def test_a_file_path_is_refused(plan, consultant, english):
    alla = plan.groups.get(name="Alla")
    with pytest.raises(FolderPlanError) as refused:
        folder_access_set(
            plan=plan, folder="Ekonomi/budget.xlsx", level="editor", group=alla, user=consultant
        )
    assert refused.value.message == (
        "Access is granted per folder, never per file: “Ekonomi/budget.xlsx” is not a folder of the plan. "
        "Choose the folder it is in."
    )
    assert not FolderAccess.objects.exists()


def test_a_folder_name_with_a_path_is_refused(plan, consultant, english):
    with pytest.raises(FolderPlanError) as refused:
        planned_folder_add(plan=plan, name="Ekonomi/2024", user=consultant)
    assert refused.value.message.startswith("Access is granted per folder, never per file")


def test_a_change_after_approval_needs_a_new_approval(plan, consultant, customer_contact, english):
    folder_plan_approve(plan=plan, name="Karin Kund", user=customer_contact)
    plan.refresh_from_db()
    assert plan.is_approved
    folder_access_set(
        plan=plan, folder="ekonomi", level="viewer", group=plan.groups.get(name="Alla"), user=consultant
    )
    plan.refresh_from_db()
    assert not plan.is_approved
    assert plan.approved_by_name == "Karin Kund"
