# Swedish: "5 dec. 2026 12:09". `N` is the short month with its dot where Swedish writes one
# (macforum_projects/formats/month_abbreviations.py); the short formats are the same, so a table
# cell reads like a sentence. Everything else (input formats, "," and the no-break thousands
# space) comes from Django's Swedish locale.
DATE_FORMAT = "j N Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j N Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j N"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y H:i"
FIRST_DAY_OF_WEEK = 1
