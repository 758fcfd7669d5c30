"""Ready-made sprint plans per kind of engagement work, laid out in one step and then adjusted.

Each step is (slot, goal, tasks). `services.sprints_lay_out_template` places the steps on
consecutive free working half-days of the chosen consultant.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from engagements.planning.models import Slot


@dataclass(frozen=True)
class TemplateStep:
    slot: str
    goal: str
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SprintTemplate:
    key: str
    label: str
    steps: tuple[TemplateStep, ...]


HALF = Slot.MORNING  # "a half day": the lay-out decides whether it lands in a morning or an afternoon
FULL = Slot.FULL_DAY

SPRINT_TEMPLATES: dict[str, SprintTemplate] = {
    template.key: template
    for template in (
        SprintTemplate(
            "pre_study",
            _("Pre-study"),
            (
                TemplateStep(
                    HALF, _("Kick-off meeting"), (_("Agree goals and dates"), _("Name contact people"))
                ),
                TemplateStep(
                    FULL, _("Inventory of the file server"), (_("Shares and permissions"), _("Data volume"))
                ),
                TemplateStep(
                    HALF, _("Folder plan and recommendation"), (_("Present the plan to the customer"),)
                ),
            ),
        ),
        SprintTemplate(
            "bulk_migration",
            _("Bulk migration"),
            (
                TemplateStep(
                    HALF, _("Prepare the migration"), (_("Check the Dropbox team"), _("Test a sample folder"))
                ),
                TemplateStep(FULL, _("Start the bulk migration"), (_("Start the copy"), _("Watch errors"))),
                TemplateStep(
                    FULL, _("Follow the bulk migration"), (_("Handle errors"), _("Report progress"))
                ),
                TemplateStep(HALF, _("Verify the bulk migration"), (_("Compare file counts and hashes"),)),
            ),
        ),
        SprintTemplate(
            "delta_cutover",
            _("Delta and cut-over"),
            (
                TemplateStep(HALF, _("Delta migration"), (_("Copy what changed since the bulk run"),)),
                TemplateStep(
                    FULL, _("Cut-over"), (_("Set the file server read-only"), _("Final delta"), _("Verify"))
                ),
            ),
        ),
        SprintTemplate(
            "installation",
            _("Installation"),
            (
                TemplateStep(
                    FULL, _("Install Dropbox on the computers"), (_("Install and sign in"), _("Check sync"))
                ),
                TemplateStep(HALF, _("Follow-up installation"), (_("Computers that were away"),)),
            ),
        ),
        SprintTemplate(
            "training",
            _("Training"),
            (
                TemplateStep(
                    HALF, _("User training"), (_("Working in Dropbox"), _("Sharing and permissions"))
                ),
                TemplateStep(HALF, _("Training for administrators"), (_("The admin console"),)),
            ),
        ),
        SprintTemplate(
            "support",
            _("Support"),
            (
                TemplateStep(HALF, _("On-site support"), (_("Questions from users"),)),
                TemplateStep(HALF, _("Support follow-up"), (_("Open questions"),)),
            ),
        ),
        SprintTemplate(
            "decommissioning",
            _("Decommissioning"),
            (
                TemplateStep(
                    HALF, _("Final check before shutdown"), (_("Reconcile files"), _("Customer sign-off"))
                ),
                TemplateStep(HALF, _("Shut down the file server"), (_("Wipe disks"), _("Certificate"))),
            ),
        ),
    )
}


def template_choices() -> list[tuple[str, str]]:
    return [(template.key, template.label) for template in SPRINT_TEMPLATES.values()]
