"""The progress bars: staff see figures and the bar polls until the job ends; customers see
only their own engagement's bar."""

import pytest
from django.urls import reverse
from django.utils import timezone

from migration.models import MigrationJob


@pytest.fixture
def running_job(engagement):
    return MigrationJob.objects.create(
        engagement=engagement,
        kind=MigrationJob.Kind.BULK,
        status=MigrationJob.Status.RUNNING,
        files_total=1000,
        files_done=250,
        bytes_total=4000,
        bytes_done=1000,
        files_failed=2,
        started_at=timezone.now() - timezone.timedelta(seconds=10),
    )


def test_staff_bar_shows_files_bytes_rate_and_errors_and_keeps_polling(
    client_for, consultant, engagement, running_job
):
    url = reverse("migration:job_progress", args=[engagement.pk])
    response = client_for(consultant).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "250" in html and "1000" in html.replace("\xa0", "").replace(" ", "")
    assert 'aria-valuenow="25"' in html
    assert "hx-trigger" in html


def test_polling_stops_when_the_job_is_done(client_for, consultant, engagement, running_job):
    running_job.status = MigrationJob.Status.DONE
    running_job.files_done = 1000
    running_job.bytes_done = 4000
    running_job.finished_at = timezone.now()
    running_job.save()
    url = reverse("migration:job_progress", args=[engagement.pk])
    response = client_for(consultant).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 286
    assert 'aria-valuenow="100"' in response.content.decode()
    assert "hx-trigger" not in response.content.decode()


def test_staff_page_without_htmx_renders_a_whole_page(client_for, coordinator, engagement, running_job):
    response = client_for(coordinator).get(reverse("migration:job_progress", args=[engagement.pk]))
    assert response.status_code == 200
    assert b"<html" in response.content.lower()


def test_staff_bar_access(client_for, customer_contact, other_consultant, engagement, running_job):
    url = reverse("migration:job_progress", args=[engagement.pk])
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(other_consultant).get(url).status_code == 404


def test_customer_sees_their_own_bar_only(
    client_for, customer_contact, other_customer_contact, engagement, running_job
):
    url = reverse("migration:status_progress", args=[engagement.reference])
    response = client_for(customer_contact).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-valuenow="25"' in response.content.decode()
    assert client_for(other_customer_contact).get(url).status_code == 404


def test_status_page_shows_the_customer_bar(client_for, customer_contact, engagement, running_job):
    response = client_for(customer_contact).get(reverse("engagements:status", args=[engagement.reference]))
    assert response.status_code == 200
    assert b"migration-status-progress" in response.content


def test_anonymous_is_sent_to_login(client, engagement):
    response = client.get(reverse("migration:job_progress", args=[engagement.pk]))
    assert response.status_code == 302
