"""The feedback page's SVG charts: a bar per month (average rating of 5) and a point per month
(average recommendation of 10), per seller and per consultant."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from feedback.charts import HEIGHT, PLOT_HEIGHT, TOP, chart_build
from tests.feedback.helpers import responded

pytestmark = pytest.mark.usefixtures("english")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_bars_and_points_for_known_months():
    chart = chart_build(
        "Sara",
        [
            (datetime(2026, 1, 1).date(), 5, 10),
            (datetime(2026, 1, 1).date(), 3, 6),  # January: rating 4, recommendation 8
            (datetime(2026, 3, 1).date(), 2, 0),
        ],
    )

    assert [(bar.rating, bar.recommendation, bar.count) for bar in chart.bars] == [
        (4.0, 8.0, 2),
        (2.0, 0.0, 1),
    ]
    assert [bar.height for bar in chart.bars] == [PLOT_HEIGHT * 4 / 5, PLOT_HEIGHT * 2 / 5]
    assert [bar.point_y for bar in chart.bars] == [TOP + PLOT_HEIGHT * 0.2, TOP + PLOT_HEIGHT]
    assert HEIGHT - 30 == TOP + PLOT_HEIGHT


def test_the_page_draws_each_sellers_months(client_for, coordinator, engagement, consultant):
    responded(
        engagement,
        at=datetime(2026, 1, 15, 12, tzinfo=STOCKHOLM),
        seller_rating=5,
        team_rating=3,
        recommendation=10,
    )
    responded(
        engagement,
        at=datetime(2026, 1, 20, 12, tzinfo=STOCKHOLM),
        seller_rating=3,
        team_rating=3,
        recommendation=6,
    )
    # 23:30 UTC on 31 January is 1 February in Stockholm: a second month.
    responded(
        engagement,
        at=datetime(2026, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC")),
        seller_rating=1,
        team_rating=5,
        recommendation=5,
    )

    html = client_for(coordinator).get(reverse("feedback:overview")).content.decode()

    seller_section = html.split('id="per-seller"')[1].split('id="per-consultant"')[0]
    bars = re.findall(
        r'<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"', seller_section
    )
    assert bars == [("42.0", "128.0"), ("138.0", "32.0")]  # ratings 4 and 1 of 5 on a 160 high plot
    assert re.findall(r'<circle class="point" cx="[\d.]+" cy="([\d.]+)"', seller_section) == ["42.0", "90.0"]
    assert "January 2026: rating 4.0 of 5 (2)" in seller_section
    assert "February 2026: rating 1.0 of 5 (1)" in seller_section
    consultant_section = html.split('id="per-consultant"')[1].split('id="comments"')[0]
    assert consultant.get_full_name() in consultant_section
    assert re.findall(
        r'<rect class="bar" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', consultant_section
    ) == [
        "96.0",
        "160.0",
    ]
    assert "style=" not in html.split("<main>")[1]
    assert "<script" not in html.split("<main>")[1]


def test_the_coordinates_are_not_localised_in_swedish(client_for, coordinator, engagement, settings):
    settings.LANGUAGE_CODE = "sv"
    responded(
        engagement,
        at=datetime(2026, 1, 15, 12, tzinfo=STOCKHOLM),
        seller_rating=3,
        team_rating=3,
        recommendation=7,
    )

    html = (
        client_for(coordinator).get(reverse("feedback:overview"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    )

    assert re.search(r'<circle class="point" cx="240.0" cy="58.0"', html)
