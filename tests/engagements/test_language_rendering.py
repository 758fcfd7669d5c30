"""Dates and the system's phase notes read in the reader's language, whatever language wrote them.

Each test reads one language: English with the `english` fixture, Swedish with `swedish`.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from engagements.models import PhaseChange
from engagements.phases import Phase
from engagements.services import engagement_advance
from tests.language_fixtures import swedish  # noqa: F401 - fixture
from tests.quotes.factories import sent_quote

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIFTH_OF_DECEMBER = datetime(2026, 12, 5, 12, 9, tzinfo=STOCKHOLM)


def _history_row(engagement, client, user, to_phase):
    """The engagement page's phase-history row of the move into `to_phase`, as its cells' text:
    when, from, to, who, note."""
    page = client(user).get(reverse("engagements:detail", args=[engagement.pk])).content.decode()
    label = PhaseChange.objects.get(engagement=engagement, to_phase=to_phase).get_to_phase_display()
    rows = [[cell.split("</td>")[0] for cell in row.split("<td>")[1:]] for row in page.split("<tr>")]
    [row] = [cells for cells in rows if len(cells) == 5 and cells[2] == label]
    return row


@pytest.mark.parametrize(
    ("value", "name", "shown"),
    [
        (FIFTH_OF_DECEMBER, "DATETIME_FORMAT", "5 Dec 2026 12:09"),
        (FIFTH_OF_DECEMBER, "SHORT_DATETIME_FORMAT", "5 Dec 2026 12:09"),
        (date(2026, 12, 5), "DATE_FORMAT", "5 Dec 2026"),
        (date(2026, 12, 5), "SHORT_DATE_FORMAT", "5 Dec 2026"),
        (date(2026, 5, 5), "MONTH_DAY_FORMAT", "5 May"),
        (datetime(2026, 12, 5, 18, 30, tzinfo=STOCKHOLM), "DATETIME_FORMAT", "5 Dec 2026 18:30"),
    ],
)
def test_english_dates_are_day_month_year_on_a_24_hour_clock(english, value, name, shown):
    assert date_format(value, name) == shown


@pytest.mark.parametrize(
    ("value", "name", "shown"),
    [
        (FIFTH_OF_DECEMBER, "DATETIME_FORMAT", "5 dec. 2026 12:09"),
        (FIFTH_OF_DECEMBER, "SHORT_DATETIME_FORMAT", "5 dec. 2026 12:09"),
        (date(2026, 12, 5), "DATE_FORMAT", "5 dec. 2026"),
        (date(2026, 12, 5), "SHORT_DATE_FORMAT", "5 dec. 2026"),
        # Swedish abbreviates with a dot, and does not abbreviate the short names at all.
        (date(2026, 5, 5), "DATE_FORMAT", "5 maj 2026"),
        (date(2026, 9, 5), "DATE_FORMAT", "5 sep. 2026"),
        (date(2026, 3, 5), "MONTH_DAY_FORMAT", "5 mars"),
    ],
)
def test_swedish_dates_have_the_short_month_with_its_dot(swedish, value, name, shown):  # noqa: F811
    assert date_format(value, name) == shown


def test_the_english_engagement_page_shows_the_phase_change_in_english_style_and_words(
    english, engagement, sales, client_for
):
    sent_quote(engagement, sales)  # written while the default language, Swedish, was not active
    PhaseChange.objects.filter(engagement=engagement, to_phase=Phase.QUOTED).update(
        changed_at=FIFTH_OF_DECEMBER
    )

    when, _from, _to, _who, note = _history_row(engagement, client_for, sales, Phase.QUOTED)

    assert (when, note) == ("5 Dec 2026 12:09", "Quote version 1 sent.")


def test_the_swedish_engagement_page_shows_the_same_note_in_swedish(swedish, engagement, sales, client_for):  # noqa: F811
    from django.utils import translation

    with translation.override("en"):  # sent by someone reading English
        sent_quote(engagement, sales)
    PhaseChange.objects.filter(engagement=engagement, to_phase=Phase.QUOTED).update(
        changed_at=FIFTH_OF_DECEMBER
    )

    when, _from, _to, _who, note = _history_row(engagement, client_for, sales, Phase.QUOTED)

    assert (when, note) == ("5 dec. 2026 12:09", "Offert version 1 skickad.")


def test_a_note_a_person_typed_reads_as_typed(english, engagement, coordinator, client_for):
    engagement_advance(
        engagement=engagement, to_phase=Phase.LOST, user=coordinator, note="Kunden valde OneDrive"
    )

    assert _history_row(engagement, client_for, coordinator, Phase.LOST)[-1] == "Kunden valde OneDrive"
