"""Phase 4: training before anyone enters the folders, and two weeks of support."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    label = "training"
    verbose_name = _("Training and support")

    def ready(self) -> None:
        from engagements.notes import register_system_note
        from engagements.phases import Phase, register_guard
        from engagements.planning.report_sections import register_report_section
        from training.guards import decommissioning_needs_people_installed_trained_and_supported
        from training.report_section import support_report_section

        register_guard(
            to_phase=Phase.DECOMMISSIONING, guard=decommissioning_needs_people_installed_trained_and_supported
        )
        register_report_section(support_report_section)
        register_system_note(
            "training.support_summary",
            _(
                "Support window %(start)s to %(end)s ended: %(total)s requests, %(open)s open, "
                "%(minutes)s minutes spent."
            ),
        )
