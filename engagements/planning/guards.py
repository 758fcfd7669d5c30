"""Phase guards this app adds; registered in PlanningConfig.ready()."""

from django.utils.translation import gettext as _

from engagements.planning.models import Sprint, SprintStatus


def migrating_needs_a_plan(engagement) -> str | None:
    """A plan is at least one consultant on the engagement and at least one sprint booked for it
    (planned or done; a moved sprint was replaced by another and does not count)."""
    if not engagement.consultants.exists():
        return _("The migration starts when the project is planned: no consultant is assigned yet.")
    if not Sprint.objects.filter(engagement=engagement).exclude(status=SprintStatus.MOVED).exists():
        return _("The migration starts when the project is planned: no sprint is booked yet.")
    return None
