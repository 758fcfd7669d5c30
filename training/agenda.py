"""The training agenda: a template of points, read in the reader's language.

The points are message ids, so the same agenda reads in Swedish in a Swedish customer's
invitation and in English on an English page; the online-only folders are filled in from
`training.selectors.online_only_advice`.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

AGENDA = (
    _("Where to keep files: on the computer, in the cloud, or both."),
    _("Files no longer worked on can live only in the cloud (online-only), taking no space on the computer."),
    _("The team folders everyone shares, and your personal folder."),
    _("Sharing: who can see and change what, folder by folder."),
    _("Installing and signing in to the Dropbox desktop app, and who to call for help."),
)


def agenda_lines(*, online_only_folders=()) -> list[str]:
    """The agenda in the active language, with the folders advised to keep online-only."""
    lines = [str(point) for point in AGENDA]
    folders = [f for f in online_only_folders if f.online_only]
    if folders:
        names = ", ".join(f"{f.name} ({filesizeformat(f.bytes)})" for f in folders)
        lines.append(gettext("Folders we suggest keeping online-only: %(folders)s.") % {"folders": names})
    return lines
