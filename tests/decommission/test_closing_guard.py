"""Closing waits for decommissioning: done (media sanitised and verified, every asset given its
end, the certificate signed) or waived with a reason."""

import pytest

from decommission.selectors import closing_needs_decommissioning
from decommission.services import decommissioning_waive
from engagements.phases import Phase, guards_for
from tests.decommission.helpers import decommissioned, sanitise_all

pytestmark = pytest.mark.usefixtures("english", "no_grace")


def test_the_guard_is_registered_for_closing():
    assert closing_needs_decommissioning in guards_for(Phase.CLOSED)


def test_closing_is_refused_while_the_equipment_is_open(server, consultant):
    sanitise_all(server, consultant)

    assert closing_needs_decommissioning(server.engagement) == (
        "The engagement closes when the old equipment is decommissioned (or that is waived): "
        "1 asset has no end (reuse, resale or recycling). "
        "The certificate of data sanitisation is not signed."
    )


def test_closing_is_refused_with_nothing_recorded(rollout):
    assert closing_needs_decommissioning(rollout) == (
        "The engagement closes when the old equipment is decommissioned (or that is waived): "
        "No equipment has been recorded. The certificate of data sanitisation is not signed."
    )


def test_closing_may_go_ahead_once_decommissioned(server, consultant):
    decommissioned(server, consultant)

    assert closing_needs_decommissioning(server.engagement) is None


def test_closing_may_go_ahead_when_waived_with_a_reason(rollout, coordinator):
    decommissioning_waive(
        engagement=rollout, user=coordinator, reason="The customer keeps the server as a NAS."
    )

    assert closing_needs_decommissioning(rollout) is None
