"""The KPI-over-time charts as geometry, computed here so the dashboard and the funder report draw the same thing."""

from dataclasses import dataclass
from decimal import Decimal

from adopt.impact.series import Series


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    added: Decimal | None


@dataclass(frozen=True)
class ProgressChart:
    series: Series
    width: int
    height: int
    plot_left: int
    plot_bottom: int
    top: Decimal  # the value at the top of the axis
    bars: list[Bar]
    line: str  # polyline points of the total to date
    target_y: float | None
    ticks: list[tuple[float, str]]  # x and quarter label, a few only

    @property
    def top_label(self) -> str:
        """The axis top in a few characters: 2,500 or £200m or £150k."""
        money = self.series.unit == "£"
        top = self.top
        if money and top >= 1_000_000:
            return f"£{top / 1_000_000:,.4g}m"
        if money and top >= 10_000:
            return f"£{top / 1_000:,.4g}k"
        return f"{'£' if money else ''}{top:,.0f}"


def _nice_top(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5 or 5 × a power of ten at or above the value, so the axis reads easily."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= power * step:
            return power * step
    return power * 10


def progress_chart(series: Series, width: int = 440, height: int = 190) -> ProgressChart:
    """Bars for what each quarter added, a line for the total to date, a dashed line for the target."""
    left, right, top_pad, bottom = 56, 10, 12, height - 28
    plot_height = bottom - top_pad
    shown = [v for v in (*series.to_date, *series.added) if v is not None]
    highest = max([*shown, series.target or Decimal(0), Decimal(0)])
    top = _nice_top(highest)
    count = max(len(series.quarters), 1)
    slot = (width - left - right) / count

    def y_of(value: Decimal) -> float:
        return round(bottom - float(value / top) * plot_height, 1)

    bars = [
        Bar(
            round(left + slot * index + slot * 0.15, 1),
            y_of(max(added, Decimal(0))),
            round(slot * 0.7, 1),
            round(bottom - y_of(max(added, Decimal(0))), 1),
            quarter.label,
            added,
        )
        for index, (quarter, added, _) in enumerate(series.rows)
        if added is not None
    ]
    line = " ".join(
        f"{round(left + slot * (index + 0.5), 1)},{y_of(total)}"
        for index, total in enumerate(series.to_date)
        if total is not None
    )
    every = max(count // 4, 1)
    ticks = [
        (round(left + slot * (index + 0.5), 1), quarter.label)
        for index, quarter in enumerate(series.quarters)
        if index % every == 0
    ]
    target_y = y_of(series.target) if series.target else None
    return ProgressChart(series, width, height, left, bottom, top, bars, line, target_y, ticks)
