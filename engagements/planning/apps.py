"""Phase 2: project start — sprints, weekly reports, status updates and the customer status page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "engagements.planning"
    label = "planning"
    verbose_name = _("Planning")
