import pytest
from django.urls import reverse

from engagements.planning.models import Slot
from engagements.planning.services import sprint_create


@pytest.mark.parametrize("model", ["sprint", "weeklyreport", "followup", "statusupdate", "calendarfeed"])
def test_admin_lists_render_and_are_read_only(
    model, planned, coordinator, consultant, admin_user, client_for
):
    from datetime import date

    sprint_create(
        engagement=planned,
        user=coordinator,
        consultant=consultant,
        day=date(2027, 1, 12),
        slot=Slot.MORNING,
        goal="x",
    )
    client = client_for(admin_user)
    assert client.get(reverse(f"admin:planning_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:planning_{model}_add")).status_code == 403
