"""Ready-made sprint plans per kind of engagement work, laid out in one step and then adjusted.

Each step is (slot, goal, tasks). `services.sprints_lay_out_template` places the steps on
consecutive free working half-days of the chosen consultant. Goals and tasks are message ids
(marked with gettext_noop): a sprint keeps them and shows them in its reader's language.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

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
                    HALF,
                    gettext_noop("Kick-off meeting"),
                    (gettext_noop("Agree goals and dates"), gettext_noop("Name contact people")),
                ),
                TemplateStep(
                    FULL,
                    gettext_noop("Inventory of the file server"),
                    (gettext_noop("Shares and permissions"), gettext_noop("Data volume")),
                ),
                TemplateStep(
                    HALF,
                    gettext_noop("Folder plan and recommendation"),
                    (gettext_noop("Present the plan to the customer"),),
                ),
            ),
        ),
        SprintTemplate(
            "bulk_migration",
            _("Bulk migration"),
            (
                TemplateStep(
                    HALF,
                    gettext_noop("Prepare the migration"),
                    (gettext_noop("Check the Dropbox team"), gettext_noop("Test a sample folder")),
                ),
                TemplateStep(
                    FULL,
                    gettext_noop("Start the bulk migration"),
                    (gettext_noop("Start the copy"), gettext_noop("Watch errors")),
                ),
                TemplateStep(
                    FULL,
                    gettext_noop("Follow the bulk migration"),
                    (gettext_noop("Handle errors"), gettext_noop("Report progress")),
                ),
                TemplateStep(
                    HALF,
                    gettext_noop("Verify the bulk migration"),
                    (gettext_noop("Compare file counts and hashes"),),
                ),
            ),
        ),
        SprintTemplate(
            "delta_cutover",
            _("Delta and cut-over"),
            (
                TemplateStep(
                    HALF,
                    gettext_noop("Delta migration"),
                    (gettext_noop("Copy what changed since the bulk run"),),
                ),
                TemplateStep(
                    FULL,
                    gettext_noop("Cut-over"),
                    (
                        gettext_noop("Set the file server read-only"),
                        gettext_noop("Final delta"),
                        gettext_noop("Verify"),
                    ),
                ),
            ),
        ),
        SprintTemplate(
            "installation",
            _("Installation"),
            (
                TemplateStep(
                    FULL,
                    gettext_noop("Install Dropbox on the computers"),
                    (gettext_noop("Install and sign in"), gettext_noop("Check sync")),
                ),
                TemplateStep(
                    HALF, gettext_noop("Follow-up installation"), (gettext_noop("Computers that were away"),)
                ),
            ),
        ),
        SprintTemplate(
            "training",
            _("Training"),
            (
                TemplateStep(
                    HALF,
                    gettext_noop("User training"),
                    (gettext_noop("Working in Dropbox"), gettext_noop("Sharing and permissions")),
                ),
                TemplateStep(
                    HALF, gettext_noop("Training for administrators"), (gettext_noop("The admin console"),)
                ),
            ),
        ),
        SprintTemplate(
            "support",
            _("Support"),
            (
                TemplateStep(HALF, gettext_noop("On-site support"), (gettext_noop("Questions from users"),)),
                TemplateStep(HALF, gettext_noop("Support follow-up"), (gettext_noop("Open questions"),)),
            ),
        ),
        SprintTemplate(
            "decommissioning",
            _("Decommissioning"),
            (
                TemplateStep(
                    HALF,
                    gettext_noop("Final check before shutdown"),
                    (gettext_noop("Reconcile files"), gettext_noop("Customer sign-off")),
                ),
                TemplateStep(
                    HALF,
                    gettext_noop("Shut down the file server"),
                    (gettext_noop("Wipe disks"), gettext_noop("Certificate")),
                ),
            ),
        ),
    )
}


def template_choices() -> list[tuple[str, str]]:
    return [(template.key, template.label) for template in SPRINT_TEMPLATES.values()]
