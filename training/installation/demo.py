"""Demo data for installation: engagements entering rollout get an installation plan from their
user list, a booked visit and a few installations done, through the same services as the pages."""

from django.db import transaction
from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.phases import Phase
from engagements.planning.errors import SprintRefused
from engagements.planning.models import Slot
from engagements.planning.workdays import next_working_day
from training.installation.models import Method
from training.installation.selectors import installations_outstanding
from training.installation.services import (
    installation_book,
    installation_mark_installed,
    installation_plan_from_user_list,
    installation_verify,
)


def plan_installations(engagement) -> None:
    coordinator = engagement.coordinator or engagement.seller
    consultant = engagement.consultants.first()
    if consultant is None or engagement.installations.exists():
        return
    plan = installation_plan_from_user_list(engagement=engagement, user=coordinator)
    visits = [i for i in plan if i.method != Method.INSTRUCTIONS]
    if visits:
        day = next_working_day(timezone.localdate())
        try:
            with transaction.atomic():
                installation_book(
                    installations=visits, user=coordinator, consultant=consultant, day=day, slot=Slot.MORNING
                )
        except SprintRefused:
            installation_book(
                installations=visits,
                user=coordinator,
                consultant=consultant,
                day=day,
                slot=Slot.MORNING,
                override_reason="Demodata",
            )
    for installation in plan[:2]:
        installation_mark_installed(installation=installation, user=consultant)
    if plan:
        installation_verify(installation=plan[0], user=consultant)


def finish_installations(engagement) -> None:
    """Engagements the demo walks past rollout had every installation done before they left it."""
    consultant = engagement.consultants.first() or engagement.coordinator
    for installation in installations_outstanding(engagement=engagement):
        installation_mark_installed(installation=installation, user=consultant)


register_demo_step(to_phase=Phase.ROLLOUT, step=plan_installations)
register_demo_step(to_phase=Phase.DECOMMISSIONING, step=finish_installations)
