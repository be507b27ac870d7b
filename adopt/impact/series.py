"""KPIs over time: financial quarters and, per measure, what each quarter added and the total to date. Pure.

Totals to date run from the programme's start, not the period's, so they can be read against the programme's
targets; what a quarter added is the difference between its total and the last quarter's.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

MOST_QUARTERS = 40


@dataclass(frozen=True)
class Quarter:
    starts_on: datetime.date

    @property
    def ends_on(self) -> datetime.date:
        year, month = divmod(self.starts_on.month - 1 + 3, 12)
        return datetime.date(self.starts_on.year + year, month + 1, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """'Q1 2026-27' for April to June 2026: quarters of the financial year that starts in April."""
        first_year = self.starts_on.year if self.starts_on.month >= 4 else self.starts_on.year - 1
        number = ((self.starts_on.month - 4) % 12) // 3 + 1
        return f"Q{number} {first_year}-{str(first_year + 1)[-2:]}"


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter(datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))


def quarters_between(first: datetime.date, last: datetime.date) -> list[Quarter]:
    """Every quarter from the one holding `first` to the one holding `last`, the latest 40 at most."""
    quarters = []
    quarter = quarter_of(first)
    while quarter.starts_on <= last:
        quarters.append(quarter)
        quarter = Quarter(quarter.ends_on + datetime.timedelta(days=1))
    return quarters[-MOST_QUARTERS:]


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    unit: str
    quarters: tuple[Quarter, ...]
    added: tuple[Decimal | None, ...]  # None where too few companies stand behind the figure to show it
    to_date: tuple[Decimal | None, ...]
    target: Decimal | None

    @property
    def rows(self) -> list[tuple[Quarter, Decimal | None, Decimal | None]]:
        return list(zip(self.quarters, self.added, self.to_date, strict=True))

    @property
    def counts_companies(self) -> bool:
        return self.unit == "companies"


def _series(
    key: str, title: str, unit: str, quarters: list[Quarter], totals: list[Decimal], target: Decimal | None
) -> Series:
    added = [total - before for before, total in zip([Decimal(0), *totals[:-1]], totals, strict=True)]
    if quarters and totals:
        added[0] = totals[0]  # counts from the programme's start until the first quarter shown
    return Series(key, title, unit, tuple(quarters), tuple(added), tuple(totals), target)


def running_series(
    key: str,
    title: str,
    unit: str,
    quarters: list[Quarter],
    by_quarter: Mapping[datetime.date, Decimal],
    target: Decimal | None = None,
) -> Series:
    """A measure that only adds up (companies reaching a stage, payments, roles): totals to each quarter's end."""
    totals = []
    for quarter in quarters:
        totals.append(sum((amount for start, amount in by_quarter.items() if start <= quarter.starts_on), Decimal(0)))
    return _series(key, title, unit, quarters, totals, target)


def latest_report_series(
    key: str,
    title: str,
    unit: str,
    quarters: list[Quarter],
    reports: Iterable[tuple[int, datetime.date, Decimal]],
    target: Decimal | None = None,
) -> Series:
    """A measure each grant restates at every follow-up (jobs): at each quarter's end, the sum of each grant's
    latest figure reported by then, so a grant reporting 3 jobs at 6 months and 5 at 12 counts 5, not 8."""
    ordered = sorted(reports, key=lambda report: report[1])
    totals = []
    for quarter in quarters:
        latest: dict[int, Decimal] = {}
        for grant, reported_on, value in ordered:
            if reported_on > quarter.ends_on:
                break
            latest[grant] = value
        totals.append(sum(latest.values(), Decimal(0)))
    return _series(key, title, unit, quarters, totals, target)


def suppressed_series(series: list[Series], companies: int, minimum: int) -> list[Series]:
    """For evaluators and the public: nothing when fewer than `minimum` companies stand behind the figures, and
    any count of companies between 1 and minimum − 1 hidden, so no small group can be picked out."""
    if companies < minimum:
        return []

    def hide(values: tuple[Decimal | None, ...]) -> tuple[Decimal | None, ...]:
        return tuple(None if value is not None and 0 < value < minimum else value for value in values)

    return [
        Series(s.key, s.title, s.unit, s.quarters, hide(s.added), hide(s.to_date), s.target)
        if s.counts_companies
        else s
        for s in series
    ]


def scaled_series(
    source: Series, key: str, title: str, unit: str, factor: Decimal, target: Decimal | None = None
) -> Series:
    """A measure that is another × a fixed factor (net GVA from jobs), rounded to whole units."""

    def scale(values: tuple[Decimal | None, ...]) -> tuple[Decimal | None, ...]:
        return tuple(None if value is None else (value * factor).quantize(Decimal(1)) for value in values)

    return Series(key, title, unit, source.quarters, scale(source.added), scale(source.to_date), target)
