"""Phase 5: the survey 4-6 weeks after the final invoice, for the seller and the team, and its results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from engagements.phases import Phase, register_guard
        from feedback.selectors import closing_needs_survey

        register_guard(to_phase=Phase.CLOSED, guard=closing_needs_survey)
