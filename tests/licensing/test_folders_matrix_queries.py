"""The matrix page for 200 people × 50 folders renders in a constant number of queries."""

import pytest
from django.urls import reverse

from engagements.quotes.models import CustomerUser
from licensing.folders.models import AccessRelease, FolderAccess, PlannedFolder
from licensing.folders.services import folder_plan_get_or_create, plan_groups_from_user_list

pytestmark = pytest.mark.django_db


def test_200_people_by_50_folders(engagement, consultant, client_for, django_assert_max_num_queries, english):
    people = CustomerUser.objects.bulk_create(
        CustomerUser(
            engagement=engagement,
            name=f"Person {i:03d}",
            email=f"p{i:03d}@kund.example.se",
            department=f"Avd {i % 5}",
        )
        for i in range(200)
    )
    plan = folder_plan_get_or_create(engagement=engagement)
    folders = PlannedFolder.objects.bulk_create(
        PlannedFolder(plan=plan, name=f"Mapp {i:02d}") for i in range(50)
    )
    groups = plan_groups_from_user_list(plan=plan, user=consultant)
    FolderAccess.objects.bulk_create(
        [FolderAccess(folder=f, group=g, level="viewer") for f in folders for g in groups]
        + [FolderAccess(folder=f, customer_user=p, level="editor") for f in folders[:10] for p in people]
    )
    from django.utils import timezone

    AccessRelease.objects.bulk_create(
        AccessRelease(customer_user=p, released_at=timezone.now()) for p in people[:100]
    )
    client = client_for(consultant)

    with django_assert_max_num_queries(25):
        page = client.get(reverse("licensing_folders:page", args=[engagement.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("waiting for training") == 100
    assert "Person 199" in html and "Mapp 49" in html
