"""Phase 2: project start — sprints, weekly reports, status updates and the customer status page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "engagements.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from engagements.phases import Phase, register_guard
        from engagements.planning.guards import migrating_needs_a_plan

        register_guard(to_phase=Phase.MIGRATING, guard=migrating_needs_a_plan)
