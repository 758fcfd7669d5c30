"""Demo data for licences: an engagement that reaches the migration phase gets a licence plan
(Dropbox Standard, everyone on its user list, a buffer of two seats, at least the plan's minimum)."""

from engagements.demo import register_demo_step
from engagements.phases import Phase
from licensing.models import DropboxPlan, LicencePlan
from licensing.selectors import licensed_user_count
from licensing.services import licence_plan_save, team_members_sync

DEMO_BUFFER = 2


def demo_licence_plan(engagement) -> None:
    if LicencePlan.objects.filter(engagement=engagement).exists():
        return
    plan = DropboxPlan.objects.filter(code="standard").first() or DropboxPlan.objects.first()
    if plan is None:
        return
    team_members_sync(engagement=engagement)
    users = licensed_user_count(engagement=engagement)
    licence_plan_save(
        engagement=engagement,
        plan=plan,
        buffer_seats=max(DEMO_BUFFER, plan.minimum_seats - users),
        months=12,
        user=None,
    )


register_demo_step(to_phase=Phase.MIGRATING, step=demo_licence_plan)
