"""The demo steps leave what the pages show: planned media in decommissioning, a signed
certificate and met closing guard for a closed engagement."""

import pytest

from decommission.demo import demo_decommissioned, demo_equipment
from decommission.models import Medium
from decommission.selectors import closing_needs_decommissioning, decommission_of

pytestmark = pytest.mark.usefixtures("english")


def test_the_demo_equipment_and_its_decommissioning(rollout):
    demo_equipment(rollout)
    assert Medium.objects.filter(asset__engagement=rollout).exclude(method="").count() == 4

    demo_decommissioned(rollout)

    assert decommission_of(rollout).is_signed
    assert closing_needs_decommissioning(rollout) is None
