"""The guards each phase app registers: migrating needs an accepted quote and a plan, rollout a
verified bulk migration; decommissioning and closed take the guards their apps will register.

Phases move through the services (tests/phase_walk.py); Dropbox is the local sandbox."""

from collections import defaultdict

import pytest
from django.urls import reverse

from dropbox_integration.client import files_client
from dropbox_integration.retry import with_retries
from engagements import phases
from engagements.errors import PhaseTransitionError
from engagements.phases import MAIN_LINE, Phase, register_guard
from engagements.planning.models import SprintStatus
from engagements.planning.services import sprint_set_status
from engagements.quotes.guards import migrating_needs_an_accepted_quote
from engagements.services import engagement_advance, engagement_assign_staff
from migration.models import ManifestEntry, MigrationJob
from migration.services.bulk import migration_start_bulk
from migration.services.delta import migration_start_delta
from migration.services.runner import job_run_here
from migration.services.verify import migration_verify
from tests.migration.bulk_helpers import migrate_and_verify, scanned
from tests.migration.tree import make_plain_tree
from tests.phase_walk import book_done_sprint, walk_to

pytestmark = pytest.mark.usefixtures("english")  # the guards' sentences are checked in English


def _refusal(engagement, to_phase, user) -> str:
    with pytest.raises(PhaseTransitionError) as refused:
        engagement_advance(engagement=engagement, to_phase=to_phase, user=user)
    engagement.refresh_from_db()
    assert engagement.phase != to_phase
    return refused.value.message


# --- migrating: an accepted quote and a plan ------------------------------------------------------


def test_migrating_asks_for_an_accepted_quote(engagement):
    # No service path reaches planning without one (planning's own guard), so this guard is asked
    # directly: it is there so nothing that skips planning skips the quote.
    assert migrating_needs_an_accepted_quote(engagement) == (
        "The migration starts when the customer has accepted the quote; no version has been accepted yet."
    )
    walk_to(engagement, Phase.PLANNING)
    assert migrating_needs_an_accepted_quote(engagement) is None


def test_migrating_without_a_sprint_is_refused(engagement, coordinator):
    walk_to(engagement, Phase.PLANNING)
    assert _refusal(engagement, Phase.MIGRATING, coordinator) == (
        "The migration starts when the project is planned: no sprint is booked yet."
    )


def test_a_moved_sprint_is_no_plan(engagement, coordinator):
    walk_to(engagement, Phase.PLANNING)
    sprint_set_status(sprint=book_done_sprint(engagement), user=coordinator, status=SprintStatus.MOVED)
    assert _refusal(engagement, Phase.MIGRATING, coordinator) == (
        "The migration starts when the project is planned: no sprint is booked yet."
    )


def test_migrating_without_a_consultant_is_refused(engagement, coordinator, admin_user):
    walk_to(engagement, Phase.PLANNING)
    book_done_sprint(engagement)
    engagement_assign_staff(engagement=engagement, user=admin_user, consultants=[])
    assert _refusal(engagement, Phase.MIGRATING, coordinator) == (
        "The migration starts when the project is planned: no consultant is assigned yet."
    )


def test_migrating_once_planned(engagement, coordinator):
    walk_to(engagement, Phase.PLANNING)
    book_done_sprint(engagement)
    engagement_advance(engagement=engagement, to_phase=Phase.MIGRATING, user=coordinator)
    engagement.refresh_from_db()
    assert engagement.phase == Phase.MIGRATING


def test_the_engagement_page_says_why_the_move_was_refused(engagement, coordinator, client_for):
    walk_to(engagement, Phase.PLANNING)
    response = client_for(coordinator).post(
        reverse("engagements:change_phase", args=[engagement.pk]), {"to_phase": "migrating"}, follow=True
    )
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        "The migration starts when the project is planned: no sprint is booked yet."
    ]
    assert "no sprint is booked yet" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.phase == Phase.PLANNING


# --- rollout: a verified bulk migration ---------------------------------------------------------------


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=6, per_folder=3)
    return root


def test_rollout_without_a_bulk_migration_is_refused(engagement, coordinator):
    walk_to(engagement, Phase.MIGRATING)
    assert _refusal(engagement, Phase.ROLLOUT, coordinator) == (
        "Rollout starts when the files are in Dropbox: no bulk migration has finished yet."
    )


def test_rollout_without_a_verification_is_refused(connected_engagement, coordinator, share):
    scanned(connected_engagement, share)
    job_run_here(job_id=_bulk(connected_engagement).pk)
    assert _refusal(connected_engagement, Phase.ROLLOUT, coordinator) == (
        "Rollout starts when the bulk migration is verified: run a verification in Dropbox first."
    )


def test_rollout_after_a_failed_verification_is_refused(connected_engagement, coordinator, share):
    scanned(connected_engagement, share)
    job_run_here(job_id=_bulk(connected_engagement).pk)
    with_retries(files_client(connected_engagement).files_delete_v2, _a_migrated_path(connected_engagement))
    _verify(connected_engagement)
    assert _refusal(connected_engagement, Phase.ROLLOUT, coordinator) == (
        "Rollout starts when the bulk migration is verified: the last verification found files "
        "missing or changed in Dropbox (1 missing, 0 changed). Migrate them and verify again."
    )


def test_a_delta_after_the_verification_asks_for_another(connected_engagement, coordinator, share):
    migrate_and_verify(connected_engagement, share)
    migration_start_delta(engagement=connected_engagement, user=None, enqueue=False)
    assert _refusal(connected_engagement, Phase.ROLLOUT, coordinator) == (
        "Rollout starts when the bulk migration is verified: a delta migration was started after "
        "the last verification; verify again."
    )


def test_rollout_once_verified(connected_engagement, coordinator, share):
    migrate_and_verify(connected_engagement, share)
    engagement_advance(engagement=connected_engagement, to_phase=Phase.ROLLOUT, user=coordinator)
    connected_engagement.refresh_from_db()
    assert connected_engagement.phase == Phase.ROLLOUT


def _bulk(engagement) -> MigrationJob:
    return migration_start_bulk(engagement=engagement, user=None, enqueue=False)


def _verify(engagement) -> MigrationJob:
    return job_run_here(job_id=migration_verify(engagement=engagement, user=None, enqueue=False).pk)


def _a_migrated_path(engagement) -> str:
    entry = ManifestEntry.objects.filter(engagement=engagement, kind=ManifestEntry.Kind.FILE).first()
    return entry.target_path


# --- decommissioning and closed: ready for the apps to come -----------------------------------------


@pytest.fixture
def own_guards(monkeypatch):
    """The registered guards, plus whatever a test registers, forgotten after the test."""
    copied = defaultdict(list, {phase: list(guards) for phase, guards in phases._guards.items()})
    monkeypatch.setattr(phases, "_guards", copied)


@pytest.mark.parametrize("to_phase", [Phase.DECOMMISSIONING, Phase.CLOSED])
def test_a_guard_registered_for_a_later_phase_refuses_then_lets_through(
    connected_engagement, coordinator, share, own_guards, to_phase
):
    servers_off = {"done": False}
    still_on = "The old file server is still switched on."

    def old_server_switched_off(candidate):
        return None if servers_off["done"] else still_on

    migrate_and_verify(connected_engagement, share)
    walk_to(connected_engagement, MAIN_LINE[MAIN_LINE.index(to_phase) - 1])
    # The mechanism alone: the phase apps' own guards for this phase have tests of their own.
    phases._guards[to_phase] = []
    register_guard(to_phase=to_phase, guard=old_server_switched_off)
    assert (
        _refusal(connected_engagement, to_phase, coordinator) == "The old file server is still switched on."
    )
    servers_off["done"] = True
    engagement_advance(engagement=connected_engagement, to_phase=to_phase, user=coordinator)
    connected_engagement.refresh_from_db()
    assert connected_engagement.phase == to_phase


def test_a_guard_for_a_phase_that_does_not_exist_fails_at_registration(own_guards):
    with pytest.raises(ValueError):
        register_guard(to_phase="switched_off", guard=lambda engagement: None)
