"""The customer status page's "What happens next" follows the phase; an ended engagement shows
no visit to come. Phases move through the services (tests/phase_walk.py)."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements import phases
from engagements.phases import Phase
from engagements.planning.models import Slot
from engagements.planning.services import sprint_create
from tests.migration.bulk_helpers import migrate_and_verify
from tests.migration.tree import make_plain_tree
from tests.phase_walk import walk_to

pytestmark = pytest.mark.usefixtures("english")


def next_step(client, engagement) -> str:
    """The text of the "What happens next" card, as the customer reads it."""
    response = client.get(reverse("engagements:status", args=[engagement.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    card = re.search(r'<section class="card next-step".*?</section>', page, re.S).group(0)
    text = re.sub(r"<[^>]+>", " ", card)
    return " ".join(unescape(text).split())


def book_visit(engagement, goal: str, *, days_ahead: int = 3):
    return sprint_create(
        engagement=engagement,
        user=engagement.coordinator,
        consultant=engagement.consultants.first(),
        day=timezone.localdate() + timedelta(days=days_ahead),
        slot=Slot.MORNING,
        goal=goal,
        override_reason="Test set-up: any day will do.",
    )


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        (Phase.DISCOVERY, "We are mapping your file server and your needs. A quote follows."),
        (
            Phase.QUOTED,
            "Your quote is ready for you to review. When you accept it, we plan the project together.",
        ),
        (Phase.PLANNING, "We are planning the project. The dates appear here as soon as they are set."),
        (
            Phase.MIGRATING,
            "We are moving your files to Dropbox. The next visit appears here as soon as it is booked.",
        ),
        (
            Phase.LOST,
            "This project did not go ahead. Contact your seller if you would like to take it up again.",
        ),
        (Phase.CANCELLED, "This project has been cancelled. Contact us if you have any questions."),
    ],
)
def test_each_phase_before_the_files_are_in_dropbox_says_what_comes(
    engagement, customer_contact, client_for, phase, expected
):
    walk_to(engagement, phase)
    assert next_step(client_for(customer_contact), engagement) == f"What happens next {expected}"


def test_a_booked_visit_is_what_happens_next(engagement, customer_contact, client_for):
    walk_to(engagement, Phase.MIGRATING)
    visit = book_visit(engagement, "Flytt av ekonomimappen")
    text = next_step(client_for(customer_contact), engagement)
    assert text.startswith("What happens next Flytt av ekonomimappen ")
    assert visit.consultant.get_full_name() in text


def test_a_cancelled_engagement_shows_no_visit_left_booked(engagement, customer_contact, client_for):
    walk_to(engagement, Phase.PLANNING)
    book_visit(engagement, "Kick-off")
    walk_to(engagement, Phase.CANCELLED)
    client = client_for(customer_contact)
    assert next_step(client, engagement) == (
        "What happens next This project has been cancelled. Contact us if you have any questions."
    )
    assert (
        "Kick-off"
        not in client.get(reverse("engagements:status", args=[engagement.reference])).content.decode()
    )


@pytest.fixture
def migrated(connected_engagement, tmp_path):
    """`engagement`, its files migrated to the sandbox and verified: rollout's guard is met."""
    root = tmp_path / "share"
    make_plain_tree(root, files=4, per_folder=2)
    migrate_and_verify(connected_engagement, root)
    return connected_engagement


def test_rollout_with_no_visit_booked_says_who_will_call(migrated, customer_contact, client_for):
    walk_to(migrated, Phase.ROLLOUT)
    coordinator = migrated.coordinator.get_full_name()
    assert next_step(client_for(customer_contact), migrated) == (
        "What happens next Your files are in Dropbox. Next, Dropbox is installed on your computers "
        f"and your staff are trained; your project coordinator, {coordinator}, will contact you to "
        "book the visits."
    )


def test_decommissioning_says_the_old_server_goes(migrated, customer_contact, client_for):
    walk_to(migrated, Phase.DECOMMISSIONING)
    assert next_step(client_for(customer_contact), migrated) == (
        "What happens next Your staff work in Dropbox now. We are taking the old file server out of "
        "service and will tell you here when the project is closed."
    )


def test_a_closed_engagement_says_it_is_closed_and_shows_no_kick_off(
    migrated, customer_contact, client_for, monkeypatch
):
    book_visit(migrated, "Kick-off", days_ahead=10)  # left booked when the project ended early
    # The page, not the closing guards (decommission, invoicing and feedback test those).
    monkeypatch.setitem(phases._guards, Phase.CLOSED, [])
    walk_to(migrated, Phase.CLOSED)
    client = client_for(customer_contact)
    assert next_step(client, migrated) == (
        "What happens next The project is finished and closed. Thank you for working with us!"
    )
    page = client.get(reverse("engagements:status", args=[migrated.reference])).content.decode()
    assert "Kick-off" not in page
    assert "Add the dates to your calendar" not in page
