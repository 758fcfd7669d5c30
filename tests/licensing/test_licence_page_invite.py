"""Inviting from the licence page: the consultant's click runs the task, the progress bar (htmx)
stops polling when the run has finished and names who did not get in; the seats are Dropbox's."""

import pytest
from django.urls import reverse

from licensing.models import TeamMember
from tests.licensing.licence_helpers import team_id_of, user_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks():
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_inviting_from_the_page_until_the_seats_run_out(
    connected_engagement,
    consultant,
    client_for,
    dropbox_sandbox,
    eager_tasks,
    django_capture_on_commit_callbacks,
    english,
):
    # Three licences: the admin holds one, two are left for four people.
    dropbox_sandbox.set_licences(team_id_of(connected_engagement), 3)
    user_list(connected_engagement, 4)
    client = client_for(consultant)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("licensing:invitations_start", args=[connected_engagement.pk]),
            headers={"HX-Request": "true"},
        )
    assert started.status_code == 200
    assert "The invitations have started." in started.content.decode()

    progress = client.get(
        reverse("licensing:invitation_progress", args=[connected_engagement.pk]),
        headers={"HX-Request": "true"},
    )
    assert progress.status_code == 286  # finished: htmx stops polling
    assert (
        "The team ran out of licences; these 2 did not get in: Cecilia Person002, David Person003. "
        "Buy more licences in Dropbox and invite again." in progress.content.decode()
    )
    assert TeamMember.objects.filter(engagement=connected_engagement, status="failed").count() == 2

    page = client.get(reverse("licensing:page", args=[connected_engagement.pk])).content.decode()
    assert "<dt>Bought</dt><dd>3</dd>" in page
    assert "<dt>Provisioned</dt><dd>3</dd>" in page
    assert "Failed: The team had no licence left." in page


def test_the_page_costs_the_same_queries_for_many_users(
    engagement, coordinator, client_for, django_assert_max_num_queries
):
    user_list(engagement, 200)
    client = client_for(coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("licensing:page", args=[engagement.pk]))
    assert response.status_code == 200
