"""The migration page: starting a job answers at once (message and progress bar, htmx), and once a
job has run its progress is at the top of the page."""

import pytest
from django.urls import reverse

from migration.models import MigrationJob
from tests.migration.bulk_helpers import scanned
from tests.migration.tree import make_plain_tree

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def ready(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=3, per_folder=3)
    scanned(connected_engagement, root)
    return connected_engagement


def test_starting_a_bulk_with_htmx_answers_with_the_message_and_the_bar(
    client_for, coordinator, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(coordinator).post(
            reverse("migration:bulk_start", args=[ready.pk]), HTTP_HX_REQUEST="true"
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card migration-progress" id="migration-progress"')
    assert '<li class="success" role="status">The bulk migration has started.</li>' in html
    assert 'role="progressbar"' in html
    assert f'hx-get="{reverse("migration:job_progress", args=[ready.pk])}"' in html  # it polls from now on
    assert MigrationJob.objects.get(engagement=ready).kind == MigrationJob.Kind.BULK


def test_a_refused_start_says_why_in_the_same_answer(client_for, coordinator, ready):
    MigrationJob.objects.create(
        engagement=ready, kind=MigrationJob.Kind.BULK, status=MigrationJob.Status.RUNNING
    )

    response = client_for(coordinator).post(
        reverse("migration:bulk_start", args=[ready.pk]), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert '<li class="error" role="status">' in html
    assert "already running" in html
    assert MigrationJob.objects.filter(engagement=ready).count() == 1


def test_the_start_buttons_are_disabled_while_the_request_runs(client_for, coordinator, ready):
    page = client_for(coordinator).get(reverse("migration:page", args=[ready.pk])).content.decode()
    assert page.count('hx-disabled-elt="find button"') == 3


def test_once_a_job_runs_its_progress_is_at_the_top(client_for, coordinator, ready):
    client = client_for(coordinator)
    before = client.get(reverse("migration:page", args=[ready.pk])).content.decode()
    assert before.index('id="migration-source"') < before.index('id="migration-progress"')

    MigrationJob.objects.create(
        engagement=ready, kind=MigrationJob.Kind.BULK, status=MigrationJob.Status.RUNNING
    )
    after = client.get(reverse("migration:page", args=[ready.pk])).content.decode()

    assert after.count('id="migration-progress"') == 1
    assert after.index('id="migration-progress"') < after.index('id="migration-source"')
    assert after.index('id="migration-progress"') < after.index('id="migration-scan"')


def test_a_full_page_load_shows_the_message_once(
    client_for, coordinator, ready, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("migration:bulk_start", args=[ready.pk]), follow=True)
    assert response.content.decode().count("The bulk migration has started.") == 1
