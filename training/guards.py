"""The phase guard this app adds; registered in TrainingConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from training.installation.selectors import installations_outstanding
from training.selectors import support_window, untrained_users


def decommissioning_needs_people_installed_trained_and_supported(engagement) -> str | None:
    """Rollout ends when every user is installed (or waived), trained, and the support window began."""
    problems = []
    open_installations = installations_outstanding(engagement=engagement).count()
    if open_installations:
        problems.append(
            ngettext(
                "%(count)s planned installation is not done or waived.",
                "%(count)s planned installations are not done or waived.",
                open_installations,
            )
            % {"count": open_installations}
        )
    untrained = untrained_users(engagement=engagement)
    if untrained:
        problems.append(
            ngettext(
                "%(count)s user has not attended training: %(names)s.",
                "%(count)s users have not attended training: %(names)s.",
                len(untrained),
            )
            % {"count": len(untrained), "names": ", ".join(person.name for person in untrained)}
        )
    if support_window(engagement=engagement) is None:
        problems.append(
            _("The support window has not started: no one's folder access has been released yet.")
        )
    return " ".join(problems) or None
