"""The folder plan page and the customer's approval: who may do what."""

import pytest
from django.urls import reverse

from licensing.folders.models import FolderAccess, FolderPlan
from licensing.folders.services import (
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


def test_staff_see_the_page_and_only_the_consultant_edits(
    plan, engagement, consultant, sales, coordinator, client_for, english
):
    url = reverse("licensing_folders:page", args=[engagement.pk])
    for user in (sales, coordinator):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert "Copy the existing structure" not in page.content.decode()
    assert "Copy the existing structure" in client_for(consultant).get(url).content.decode()
    added = client_for(sales).post(
        reverse("licensing_folders:folder_add", args=[engagement.pk]), {"name": "X"}
    )
    assert added.status_code == 404
    assert not plan.folders.filter(name="X").exists()


def test_customer_contacts_get_no_staff_page(plan, engagement, customer_contact, client_for):
    assert (
        client_for(customer_contact).get(reverse("licensing_folders:page", args=[engagement.pk])).status_code
        == 403
    )


def test_a_file_path_posted_to_the_matrix_is_refused(plan, engagement, consultant, client_for, english):
    alla = plan.groups.get(name="Alla")
    client = client_for(consultant)
    answer = client.post(
        reverse("licensing_folders:access", args=[engagement.pk]),
        {"folder": "Ekonomi/lön.xlsx", "grantee": f"g{alla.pk}", "level": "editor"},
        follow=True,
    )
    assert (
        "Access is granted per folder, never per file: “Ekonomi/lön.xlsx” is not a folder of the plan."
        in answer.content.decode()
    )
    assert not FolderAccess.objects.exists()
    client.post(
        reverse("licensing_folders:access", args=[engagement.pk]),
        {"folder": "Ekonomi", "grantee": f"g{alla.pk}", "level": "viewer"},
    )
    assert FolderAccess.objects.get().level == "viewer"


def test_the_customer_sees_the_plan_in_words_and_approves_it(
    plan, engagement, consultant, customer_contact, client_for, english
):
    from licensing.folders.services import folder_access_set

    folder_access_set(
        plan=plan, folder="Ekonomi", level="editor", group=plan.groups.get(name="Ekonomi"), user=consultant
    )
    client = client_for(customer_contact)
    status = client.get(reverse("engagements:status", args=[engagement.reference])).content.decode()
    assert "Ekonomi: a shared folder." in status
    assert "Ekonomi may change its files." in status

    client.post(reverse("licensing_folders:approve", args=[engagement.reference]), {"name": "Karin Kund"})
    plan = FolderPlan.objects.get(pk=plan.pk)
    assert plan.is_approved and plan.approved_by_name == "Karin Kund" and plan.approved_at is not None


def test_another_customers_contact_gets_404(plan, engagement, other_customer_contact, client_for):
    answer = client_for(other_customer_contact).post(
        reverse("licensing_folders:approve", args=[engagement.reference]), {"name": "Mallory"}
    )
    assert answer.status_code == 404
    assert not FolderPlan.objects.get(pk=plan.pk).is_approved


def test_staff_cannot_approve_for_the_customer(plan, engagement, consultant, client_for):
    answer = client_for(consultant).post(
        reverse("licensing_folders:approve", args=[engagement.reference]), {"name": "Consultant"}
    )
    assert answer.status_code == 404
    assert not FolderPlan.objects.get(pk=plan.pk).is_approved


def test_only_a_coordinator_releases_early(plan, engagement, consultant, coordinator, client_for, english):
    anna = engagement.customer_users.get()
    url = reverse("licensing_folders:release", args=[engagement.pk])
    assert client_for(consultant).post(url, {"customer_user": anna.pk, "reason": "x"}).status_code == 404
    page = client_for(coordinator).post(
        url, {"customer_user": anna.pk, "reason": "Starts Monday"}, follow=True
    )
    assert "Anna Ek&#x27;s folder access is released." in page.content.decode()
