"""Not before the data is safe: sanitising is refused until the bulk migration is verified and the
grace period after cut-over (the move to rollout) has passed, unless waived with a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from decommission.models import VerificationResult
from decommission.selectors import sanitising_refusal
from decommission.services import asset_save, early_sanitising_waive, medium_add, medium_plan, medium_sanitise
from engagements.errors import DomainError
from engagements.models import AuditEntry
from engagements.phases import Phase
from tests.phase_walk import walk_to

pytestmark = pytest.mark.usefixtures("english")


def _sanitise(medium, consultant):
    return medium_sanitise(
        medium=medium,
        user=consultant,
        technician=consultant,
        sanitised_on=timezone.localdate(),
        verification_method="Read-back of sampled sectors",
        verification_result=VerificationResult.PASSED,
    )


def test_refused_before_the_bulk_migration_is_verified(engagement, coordinator, consultant):
    walk_to(engagement, Phase.MIGRATING)
    asset = asset_save(engagement=engagement, user=coordinator, name="FS01")
    medium = medium_add(asset=asset, user=coordinator, kind="disk", serial="D1", size_gb=500)
    medium_plan(medium=medium, user=coordinator, method="clear", technique="overwrite")

    with pytest.raises(DomainError) as refused:
        _sanitise(medium, consultant)

    assert str(refused.value) == (
        "The data is not safe in Dropbox yet: Rollout starts when the files are in Dropbox: "
        "no bulk migration has finished yet."
    )
    medium.refresh_from_db()
    assert medium.sanitised_on is None


def test_refused_during_the_grace_period_after_cut_over(server, consultant, settings):
    settings.DECOMMISSION_GRACE_DAYS = 30
    medium = server.media.get(serial="WD-AAA111")

    with pytest.raises(DomainError) as refused:
        _sanitise(medium, consultant)

    assert str(refused.value).startswith(
        "The old server stays read-only for 30 days after cut-over: media may be sanitised from "
    )


def test_allowed_once_the_grace_period_has_passed(server, settings):
    settings.DECOMMISSION_GRACE_DAYS = 30
    engagement = server.engagement
    assert sanitising_refusal(engagement, now=timezone.now() + timedelta(days=29)) is not None
    assert sanitising_refusal(engagement, now=timezone.now() + timedelta(days=30, minutes=1)) is None


def test_sanitised_and_verified_after_the_grace_period(server, consultant, no_grace):
    medium = _sanitise(server.media.get(serial="WD-AAA111"), consultant)

    medium.refresh_from_db()
    assert medium.is_sanitised
    assert medium.technician == consultant


def test_a_waiver_with_a_reason_lets_it_happen_at_once_and_is_audited(server, coordinator, consultant):
    early_sanitising_waive(
        engagement=server.engagement, user=coordinator, reason="The customer switched the server off."
    )

    medium = _sanitise(server.media.get(serial="WD-AAA111"), consultant)

    assert medium.is_sanitised
    audit = AuditEntry.objects.get(action="decommission.early_sanitising_waived")
    assert audit.actor == coordinator
    assert audit.details == {"reason": "The customer switched the server off."}


def test_a_waiver_without_a_reason_is_refused(server, coordinator):
    with pytest.raises(DomainError) as refused:
        early_sanitising_waive(engagement=server.engagement, user=coordinator, reason="  ")

    assert str(refused.value) == "Give a reason for the waiver (a sentence, at least 5 characters)."
    assert sanitising_refusal(server.engagement) is not None


def test_a_sanitisation_date_in_the_future_is_refused(server, consultant, no_grace):
    with pytest.raises(DomainError) as refused:
        medium_sanitise(
            medium=server.media.get(serial="WD-AAA111"),
            user=consultant,
            technician=consultant,
            sanitised_on=timezone.localdate() + timedelta(days=1),
            verification_method="Read-back",
            verification_result=VerificationResult.PASSED,
        )
    assert str(refused.value) == "The sanitisation date cannot be in the future."
