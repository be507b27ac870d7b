"""The event study as a chart: the effect in each year before and after support, with its interval, so a reader
sees at once whether the years before support sit on zero (parallel trends) and how the effect builds. Pure:
coordinates for an SVG the template draws."""

from dataclasses import dataclass

from adopt.evaluation.estimators import EVENT_WINDOW, Estimate


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    low: float
    high: float
    label: str  # the year relative to support, e.g. "−2"
    value: str  # the effect as a percentage, for the table beside it and screen readers


@dataclass(frozen=True)
class EventChart:
    width: int
    height: int
    zero_y: float
    points: list[ChartPoint]
    top_label: str
    bottom_label: str
    support_x: float  # where support begins, between year −1 and year 0


def event_chart(estimate: Estimate, width: int = 560, height: int = 220) -> EventChart | None:
    years = [year for year in estimate.event_study if year.effect is not None]
    if not years:
        return None
    margin_x, margin_y = 48.0, 20.0
    values = [bound for year in years if year.effect for bound in (year.effect.low, year.effect.high)] + [0.0]
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1.0
    top, bottom = top + span * 0.1, bottom - span * 0.1

    def y_of(value: float) -> float:
        return round(margin_y + (top - value) / (top - bottom) * (height - 2 * margin_y), 1)

    first, last = years[0].relative_year, years[-1].relative_year
    step = (width - 2 * margin_x) / max(last - first, 1)  # by year, so a year left out leaves its gap
    support_x = round(margin_x + (-0.5 - first) * step, 1)
    points = []
    for year in years:
        effect = year.effect
        if effect is None:
            continue
        x = round(margin_x + (year.relative_year - first) * step, 1)
        sign = "−" if year.relative_year < 0 else "+" if year.relative_year > 0 else ""
        label = f"{sign}{abs(year.relative_year)}"
        if year.relative_year == EVENT_WINDOW[0]:
            label += " or earlier"
        elif year.relative_year == EVENT_WINDOW[1]:
            label += " or later"
        points.append(
            ChartPoint(
                x,
                y_of(effect.estimate),
                y_of(effect.low),
                y_of(effect.high),
                label,
                f"{effect.estimate * 100:+.1f}% ({effect.low * 100:+.1f}% to {effect.high * 100:+.1f}%), "
                f"{year.firms:,} supported firms".replace("-", "−"),
            )
        )
    top_label, bottom_label = (f"{value * 100:+.0f}%".replace("-", "−") for value in (top, bottom))
    return EventChart(width, height, y_of(0.0), points, top_label, bottom_label, support_x)
