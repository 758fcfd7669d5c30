"""Which days consultants work: not weekends, not Swedish public holidays, not the de facto
holidays (Midsummer Eve, Christmas Eve, New Year's Eve) when offices are closed."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _swedish_holidays(year: int) -> dict[date, str]:
    # Some versions of `holidays` count every Sunday as a Swedish holiday unless told not to;
    # weekends are handled on their own, so ask for the named days only.
    calendar = holidays.Sweden(
        years=year,
        include_sundays=False,
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        language="sv",
    )
    return dict(calendar.items())


def holiday_name(day: date) -> str | None:
    """The Swedish name of the holiday on `day`, or None."""
    return _swedish_holidays(day.year).get(day)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def is_working_day(day: date) -> bool:
    return not is_weekend(day) and holiday_name(day) is None


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first one after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
