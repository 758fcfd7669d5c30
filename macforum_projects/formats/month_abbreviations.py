"""Swedish short month names as Swedish writes them: `5 dec. 2026`, `5 maj 2026`, `5 sep. 2026`.

The Swedish formats show the month with Django's `N` (its "abbrev. month" messages). Django's own
Swedish catalogue gives them without the abbreviation dot ("dec"); ours, in LOCALE_PATHS, is read
before Django's and gives the forms of the Swedish Academy's and CLDR's lists. They are named here,
with Django's own msgids and context, so that `makemessages` keeps them in our catalogue.
"""

from django.utils.translation import pgettext_lazy

MONTH_ABBREVIATIONS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
