"""Bulk and delta migrations start only in planning (a trial run, and the page and CLI say so)
or migrating: not before the quote and the plan, not once the migration is over."""

import pytest
from django.core.management.base import CommandError
from django.urls import reverse

from engagements.phases import Phase
from migration.guards import job_is_trial_run
from migration.models import MigrationJob
from migration.services.bulk import migration_start_bulk
from migration.services.delta import migration_start_delta
from migration.services.job_start import MigrationNotReady
from migration.services.runner import job_run_here
from tests.migration.bulk_helpers import run_migration_command, scanned
from tests.migration.tree import make_plain_tree
from tests.phase_walk import walk_to

pytestmark = pytest.mark.usefixtures("english")

TOO_EARLY = (
    "The engagement is in “%s”: files are migrated once the quote is accepted and the project is "
    "in planning (as a trial run) or migrating."
)


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=4, per_folder=2)
    return root


@pytest.mark.parametrize(("phase", "label"), [(Phase.DISCOVERY, "Discovery"), (Phase.QUOTED, "Quoted")])
def test_bulk_and_delta_are_refused_before_planning(connected_engagement, share, phase, label):
    scanned(connected_engagement, share, to_phase=None)  # source, scan, agreement: all but the phase
    walk_to(connected_engagement, phase)
    for start in (migration_start_bulk, migration_start_delta):
        with pytest.raises(MigrationNotReady) as refused:
            start(engagement=connected_engagement, user=None, enqueue=False)
        assert refused.value.message == TOO_EARLY % label
    assert not MigrationJob.objects.filter(engagement=connected_engagement).exists()


def test_the_migration_page_says_why_before_planning(connected_engagement, share, coordinator, client_for):
    scanned(connected_engagement, share, to_phase=None)
    page = client_for(coordinator).get(reverse("migration:page", args=[connected_engagement.pk]))
    assert page.status_code == 200
    assert f'<p class="muted not-ready">{TOO_EARLY % "Discovery"}</p>' in page.content.decode()


def test_the_cli_refuses_before_planning(connected_engagement, share):
    scanned(connected_engagement, share, to_phase=None)
    with pytest.raises(CommandError) as refused:
        run_migration_command("bulk", connected_engagement.reference, "--here")
    assert str(refused.value) == TOO_EARLY % "Discovery"


def test_in_planning_a_bulk_runs_as_a_trial_run_and_the_page_says_so(
    connected_engagement, share, coordinator, client_for, django_capture_on_commit_callbacks
):
    scanned(connected_engagement, share, to_phase=Phase.PLANNING)
    client = client_for(coordinator)
    page = client.get(reverse("migration:page", args=[connected_engagement.pk])).content.decode()
    assert (
        '<p class="muted trial-run">The engagement is in planning: a bulk or delta migration started '
        "now is a trial run.</p>"
    ) in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("migration:bulk_start", args=[connected_engagement.pk]), follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "The bulk migration has started as a trial run: the engagement is still in planning."
    ]
    job = MigrationJob.objects.get(engagement=connected_engagement)
    assert job.kind == MigrationJob.Kind.BULK
    assert job_is_trial_run(job)
    assert '<span class="badge trial-run">Trial run</span>' in response.content.decode()


def test_the_cli_says_a_bulk_in_planning_is_a_trial_run(connected_engagement, share):
    scanned(connected_engagement, share, to_phase=Phase.PLANNING)
    code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 0, err
    assert "Trial run: the engagement is still in planning." in out.splitlines()


def test_in_migrating_a_bulk_is_the_real_one_and_the_trial_stays_a_trial(connected_engagement, share):
    scanned(connected_engagement, share, to_phase=Phase.PLANNING)
    trial = job_run_here(
        job_id=migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False).pk
    )
    walk_to(connected_engagement, Phase.MIGRATING)
    code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 0, err
    assert "Trial run" not in out
    real = MigrationJob.objects.filter(engagement=connected_engagement).exclude(pk=trial.pk).get()
    assert (job_is_trial_run(trial), job_is_trial_run(real)) == (True, False)


def test_after_migrating_bulk_and_delta_are_refused(engagement, share):
    walk_to(engagement, Phase.CANCELLED)
    for start in (migration_start_bulk, migration_start_delta):
        with pytest.raises(MigrationNotReady) as refused:
            start(engagement=engagement, user=None, enqueue=False)
        assert refused.value.message == (
            "The engagement is in “Cancelled”: bulk and delta migrations run only while it is in "
            "planning (as a trial run) or migrating."
        )
