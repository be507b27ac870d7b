"""The roadmap's pictures as geometry, computed here so the page and the PDF draw the same thing."""

import math
from dataclasses import dataclass
from typing import Any

from adopt.assessments.charts import Radar, radar
from adopt.assessments.charts import label_width as text_width

MONTHS = 36


@dataclass(frozen=True)
class TimelineBar:
    label: str
    phase: int
    x: float
    y: float
    width: float
    starts_month: int
    ends_month: int


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    row_height: int
    bars: list[TimelineBar]
    ticks: list[tuple[float, int]]  # x and month
    phase_lines: list[float]


def timeline(items: list[dict[str, Any]], width: int = 900, row_height: int = 26) -> Timeline:
    """A bar per planned item from its start month to its end, on a 36-month axis; the names beside the bars are
    given the room the longest needs, whole."""
    label_width = max(200, math.ceil(max((text_width(item["name"]) for item in items), default=0)) + 12)
    chart = width - label_width - 20
    bars = []
    for row, item in enumerate(items):
        start = item["starts_month"]
        end = min(item["ends_month"], MONTHS)
        bars.append(
            TimelineBar(
                item["name"],
                item["phase"],
                label_width + chart * start / MONTHS,
                30 + row * row_height,
                max(chart * (end - start) / MONTHS, 4),
                start,
                item["ends_month"],
            )
        )
    ticks = [(label_width + chart * month / MONTHS, month) for month in range(0, MONTHS + 1, 6)]
    lines = [label_width + chart * month / MONTHS for month in (6, 18)]
    return Timeline(width, 40 + len(items) * row_height, label_width, row_height, bars, ticks, lines)


def levels_radar(
    plan_inputs: dict[str, Any], plan: dict[str, Any], titles: dict[str, str], raises: dict[str, dict[str, int]]
) -> Radar:
    """Levels now and after the plan's items, 0 to 100 (level × 20), per diagnostic dimension."""
    levels = plan_inputs.get("levels", {})
    after = dict(levels)
    for item in plan.get("items", []):
        for dimension, amount in raises.get(item["key"], {}).items():
            after[dimension] = min(5.0, after.get(dimension, 0.0) + amount)
    keys = list(titles)
    return radar(
        [titles[key] for key in keys],
        [
            ("Now", [levels.get(key, 0.0) * 20 for key in keys], "adopt-radar__before"),
            ("After the roadmap", [after.get(key, 0.0) * 20 for key in keys], "adopt-radar__now"),
        ],
    )
