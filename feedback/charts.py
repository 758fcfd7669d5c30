"""Server-rendered SVG charts of the feedback, one per person: a bar per month for the average
rating (1–5) and a point per month for the average recommendation (0–10), on one shared height.

No JavaScript and no inline styles (the CSP forbids both): the template draws these shapes with
presentation attributes and the classes styled in static/feedback/feedback.css.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

WIDTH = 480
HEIGHT = 200
TOP = 10
BOTTOM = 30  # room for the month labels
LEFT = 30
RIGHT = 30
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    month: date
    rating: float
    recommendation: float
    count: int
    x: float
    y: float
    width: float
    height: float
    point_x: float
    point_y: float
    label_x: float


@dataclass(frozen=True)
class Chart:
    name: str
    bars: list[Bar]
    points: str  # the polyline through the recommendation points
    width: int = WIDTH
    height: int = HEIGHT
    base_y: float = TOP + PLOT_HEIGHT
    top_y: float = TOP
    right_x: float = WIDTH - RIGHT
    left_x: float = LEFT
    label_y: float = HEIGHT - 10
    count: int = 0


def _round(value: float) -> float:
    return round(value, 1)


def chart_build(name: str, samples: list[tuple[date, int, int]]) -> Chart:
    """`samples`: (month, rating 1–5, recommendation 0–10). One bar per month, oldest first."""
    per_month: dict[date, list[tuple[int, int]]] = defaultdict(list)
    for month, rating, recommendation in samples:
        per_month[month].append((rating, recommendation))
    months = sorted(per_month)
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    bar_width = min(slot * 0.6, 60)
    bars = []
    for index, month in enumerate(months):
        values = per_month[month]
        rating = sum(r for r, _ in values) / len(values)
        recommendation = sum(n for _, n in values) / len(values)
        height = PLOT_HEIGHT * rating / 5
        centre = LEFT + slot * index + slot / 2
        bars.append(
            Bar(
                month=month,
                rating=_round(rating),
                recommendation=_round(recommendation),
                count=len(values),
                x=_round(centre - bar_width / 2),
                y=_round(TOP + PLOT_HEIGHT - height),
                width=_round(bar_width),
                height=_round(height),
                point_x=_round(centre),
                point_y=_round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * recommendation / 10),
                label_x=_round(centre),
            )
        )
    points = " ".join(f"{bar.point_x},{bar.point_y}" for bar in bars)
    return Chart(name=name, bars=bars, points=points, count=len(samples))


def month_of(moment) -> date:
    local = timezone.localtime(moment).date()
    return local.replace(day=1)
