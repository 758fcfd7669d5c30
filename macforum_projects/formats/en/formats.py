# English as written in Europe: "5 Dec 2026 12:09" — day before month, 24-hour clock — instead of
# Django's US default ("Dec. 5, 2026, 12:09 p.m." and "12/05/2026 12:09 p.m."). Dates typed into
# forms are read as ISO or with the month in words; never month-first, which a Swedish company's
# English readers would take for the day.
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-12-05'
    "%d %b %Y",  # '5 Dec 2026'
    "%d %B %Y",  # '5 December 2026'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # '2026-12-05 12:09:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2026-12-05 12:09:59.000200'
    "%Y-%m-%d %H:%M",  # '2026-12-05 12:09'
    "%d %b %Y %H:%M",  # '5 Dec 2026 12:09'
]
