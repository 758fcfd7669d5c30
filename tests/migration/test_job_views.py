"""Starting jobs from the migration page and downloading the reports: who may, and what happens."""

import pytest
from django.urls import reverse

from engagements.phases import Phase
from migration.models import MigrationJob
from tests.factories import CustomerFactory, make_engagement
from tests.migration.bulk_helpers import scanned
from tests.migration.tree import make_plain_tree
from tests.phase_walk import walk_to

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English msgids


@pytest.fixture
def ready(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=3, per_folder=3)
    scanned(connected_engagement, root)
    return connected_engagement


def test_a_consultant_starts_the_bulk_migration(
    client_for, consultant, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(consultant).post(reverse("migration:bulk_start", args=[ready.pk]))
    assert response.status_code == 302
    job = MigrationJob.objects.get(engagement=ready)
    assert job.kind == MigrationJob.Kind.BULK and job.status == MigrationJob.Status.QUEUED


def test_a_second_start_while_running_is_refused_with_a_sentence(client_for, coordinator, ready):
    MigrationJob.objects.create(
        engagement=ready, kind=MigrationJob.Kind.BULK, status=MigrationJob.Status.RUNNING
    )
    response = client_for(coordinator).post(reverse("migration:bulk_start", args=[ready.pk]), follow=True)
    assert response.status_code == 200
    assert MigrationJob.objects.filter(engagement=ready).count() == 1
    assert any("already running" in str(message) for message in response.context["messages"])


@pytest.mark.parametrize("name", ["bulk_start", "delta_start", "verify_start"])
def test_who_may_start_jobs(client_for, sales, customer_contact, other_consultant, engagement, name):
    url = reverse(f"migration:{name}", args=[engagement.pk])
    assert client_for(sales).post(url).status_code == 403
    assert client_for(customer_contact).post(url).status_code == 403
    assert client_for(other_consultant).post(url).status_code == 404
    assert client_for(sales).get(url).status_code == 405


def test_reports_download_for_staff_who_see_the_engagement(client_for, sales, other_consultant, ready):
    csv_url = reverse("migration:verification_csv", args=[ready.pk])
    response = client_for(sales).get(csv_url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 4  # the header and three files
    pdf = client_for(sales).get(reverse("migration:certificate", args=[ready.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(other_consultant).get(csv_url).status_code == 404


def test_the_page_says_what_is_missing_before_a_migration_may_start(
    client_for, coordinator, sales, consultant, ready
):
    unprepared = make_engagement(
        customer=CustomerFactory(name="Oförberedd AB"),
        seller=sales,
        coordinator=coordinator,
        consultants=[consultant],
    )
    walk_to(unprepared, Phase.MIGRATING)  # in the phase for it, but nothing else prepared
    page = client_for(coordinator).get(reverse("migration:page", args=[unprepared.pk])).content.decode()
    assert "Set the source share of the engagement before migrating." in page
    assert page.count(" disabled>") == 2  # start the bulk, apply the delta

    ready_page = client_for(coordinator).get(reverse("migration:page", args=[ready.pk])).content.decode()
    assert "before migrating" not in ready_page
    assert " disabled>" not in ready_page
