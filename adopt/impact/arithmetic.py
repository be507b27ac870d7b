"""The one arithmetic that turns a measure's dated facts into a period's figure, its quarters and its total to date,
and hides small groups. Pure.

Every figure is a difference of totals to a day, rounded once: what a quarter added is the total to its last day
less the total to the day before it began, so the quarters of any period add up to the period exactly.
"""

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from adopt.core.money import round_half_up
from adopt.impact.measures import MINIMUM_SHOWN, Measure, Ratio
from adopt.impact.periods import ONE_DAY, Period, Span


@dataclass(frozen=True)
class Fact:
    on: datetime.date
    amount: Decimal
    company: int | None  # None: the amount is itself a number of distinct companies, each counted once


def scaled(facts: Iterable[Fact], factor: Decimal) -> list[Fact]:
    return [Fact(fact.on, fact.amount * factor, fact.company) for fact in facts]


def restated(reports: Iterable[tuple[int, int, datetime.date, int, Decimal | None]]) -> list[Fact]:
    """(grant, company, day, months after payment, figure) reports, each grant restating its figure, as facts of
    the changes: a grant reporting 3 jobs at 6 months and 5 at 12 counts 3, then 2 more. A grant's figure is
    that of its latest follow-up (the most months) reported by then, so a 6-month report entered late changes
    nothing once the 12-month one is in. A report without the figure changes nothing."""
    current: dict[int, tuple[int, Decimal]] = {}
    facts = []
    for grant, company, day, months, value in sorted(reports, key=lambda report: (report[2], report[3], report[0])):
        if value is None or (grant in current and months < current[grant][0]):
            continue
        before = current[grant][1] if grant in current else Decimal(0)
        facts.append(Fact(day, value - before, company))
        current[grant] = (months, value)
    return facts


@dataclass(frozen=True)
class Cell:
    value: Decimal | None  # None when hidden
    companies: int  # distinct companies behind the figure


@dataclass(frozen=True)
class Behind:
    """Who stands behind a figure: named companies, plus companies counted without names (first-reached)."""

    named: frozenset[int] = frozenset()
    counted: int = 0

    def __len__(self) -> int:
        return len(self.named) + self.counted

    def __or__(self, other: "Behind") -> "Behind":
        return Behind(self.named | other.named, self.counted + other.counted)


@dataclass(frozen=True)
class Row:
    span: Span
    added: Cell
    to_date: Cell
    behind: Behind = Behind()  # the companies behind what the quarter added, for hiding groups of quarters


@dataclass(frozen=True)
class Figures:
    """A measure over a period: what the period added, the total to its end, and the same for each quarter."""

    measure: Measure
    period: Cell
    to_date: Cell
    before: Cell  # the total to the day before the period began
    rows: tuple[Row, ...]
    reported: bool  # False while no fact of the measure exists at all (a follow-up measure before any report)


class _Totals:
    """Totals to any day, and the companies behind any stretch of days, from facts sorted once."""

    def __init__(self, facts: Sequence[Fact], places: int) -> None:
        ordered = sorted(facts, key=lambda fact: fact.on)
        self.days = [fact.on for fact in ordered]
        self.facts = ordered
        self.running = [Decimal(0)]
        for fact in ordered:
            self.running.append(self.running[-1] + fact.amount)
        self.places = places
        # Companies to any day: each named company from its first fact; unnamed ones as they are counted.
        first_seen: dict[int, datetime.date] = {}
        unnamed: list[tuple[datetime.date, int]] = []
        for fact in ordered:
            if fact.company is None:
                unnamed.append((fact.on, int(fact.amount)))
            else:
                first_seen.setdefault(fact.company, fact.on)
        self.first_days = sorted(first_seen.values())
        self.unnamed_days = [day for day, _ in unnamed]
        self.unnamed_running = [0]
        for _, count in unnamed:
            self.unnamed_running.append(self.unnamed_running[-1] + count)

    def to(self, day: datetime.date | None) -> Decimal:
        """The total to the end of the day, rounded (nothing before the first fact)."""
        exact = self.running[bisect_right(self.days, day)] if day is not None else Decimal(0)
        return round_half_up(exact, self.places)

    def companies_to(self, day: datetime.date | None) -> int:
        if day is None:
            return 0
        unnamed = self.unnamed_running[bisect_right(self.unnamed_days, day)]
        return bisect_right(self.first_days, day) + unnamed

    def behind(self, first: datetime.date, last: datetime.date) -> Behind:
        chosen = self.facts[bisect_left(self.days, first) : bisect_right(self.days, last)]
        return Behind(
            frozenset(fact.company for fact in chosen if fact.company is not None),
            sum(int(fact.amount) for fact in chosen if fact.company is None),
        )


def figures_of(measure: Measure, facts: Sequence[Fact], period: Period, spans: Sequence[Span]) -> Figures:
    """The measure's figures over the period and its quarters (`spans`, which cover the period)."""
    totals = _Totals(facts, measure.places)
    first = spans[0].starts_on if spans else period.starts_on
    last = spans[-1].ends_on if spans else period.ends_on
    before_day = first - ONE_DAY if first is not None and period.starts_on is not None else None
    rows = []
    for span in spans:
        behind = totals.behind(span.starts_on, span.ends_on)
        added = Cell(totals.to(span.ends_on) - totals.to(span.starts_on - ONE_DAY), len(behind))
        rows.append(Row(span, added, Cell(totals.to(span.ends_on), totals.companies_to(span.ends_on)), behind))
    before = Cell(totals.to(before_day), totals.companies_to(before_day))
    end = totals.to(last)
    in_period = len(totals.behind(first, last)) if first is not None and last is not None else 0
    return Figures(
        measure,
        period=Cell(end - (before.value or Decimal(0)), in_period),
        to_date=Cell(end, totals.companies_to(last)),
        before=before,
        rows=tuple(rows),
        reported=bool(facts),
    )


def ratio_of(ratio: Ratio, numerator: Figures, denominator: Figures) -> Cell:
    """The ratio of two measures' period figures; hidden (None) where either is hidden or the bottom is zero."""
    top, bottom = numerator.period, denominator.period
    companies = min(top.companies, bottom.companies)
    if top.value is None or bottom.value is None or bottom.value == 0:
        return Cell(None, companies)
    value = round_half_up(top.value / bottom.value * ratio.times, ratio.places)
    return Cell(value, companies)


def _small(cell: Cell, minimum: int) -> bool:
    return 0 < cell.companies < minimum


def _hidden(cell: Cell) -> Cell:
    return Cell(None, cell.companies)


def suppressed(figures: Figures, minimum: int = MINIMUM_SHOWN) -> Figures:
    """The figures with every value behind 1 to `minimum` − 1 companies hidden, and with them any value that
    would give a hidden one away by a sum or a difference."""
    hide = [_small(row.added, minimum) for row in figures.rows]
    period_hidden = _small(figures.period, minimum)

    def hidden_together() -> int:
        together = Behind()
        for row, hidden in zip(figures.rows, hide, strict=True):
            if hidden:
                together = together | row.behind
        return len(together)

    # The hidden quarters together are the period less the shown ones: while they stand on a small group,
    # hide the next smallest quarter with them (or, with none left, the period).
    while not period_hidden and 0 < hidden_together() < minimum:
        shown = [i for i, row in enumerate(figures.rows) if not hide[i] and row.added.companies > 0]
        if not shown:
            period_hidden = True
            break
        hide[min(shown, key=lambda i: figures.rows[i].added.companies)] = True
    # A total to date less the one before it is that quarter's figure, so totals stop at the first hidden one;
    # and the total before the period, taken from the first quarter's, must not be a small group either.
    first_hidden = hide.index(True) if True in hide else len(hide)
    if _small(figures.before, minimum):
        first_hidden = 0
    rows = tuple(
        replace(
            row,
            added=_hidden(row.added) if hide[i] else row.added,
            to_date=_hidden(row.to_date) if i >= first_hidden or _small(row.to_date, minimum) else row.to_date,
        )
        for i, row in enumerate(figures.rows)
    )
    to_date_hidden = _small(figures.to_date, minimum) or first_hidden < len(rows) or period_hidden
    return replace(
        figures,
        period=_hidden(figures.period) if period_hidden else figures.period,
        to_date=_hidden(figures.to_date) if to_date_hidden else figures.to_date,
        before=_hidden(figures.before) if _small(figures.before, minimum) else figures.before,
        rows=rows,
    )
