"""A measure quarter by quarter, as the charts and tables draw it: what each quarter added and the total to date.
Pure. Totals to date run from the programme's start, so they read against the programme's targets."""

from dataclasses import dataclass
from decimal import Decimal

from adopt.impact.arithmetic import Figures
from adopt.impact.periods import Span


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    unit: str
    quarters: tuple[Span, ...]
    added: tuple[Decimal | None, ...]  # None where too few companies stand behind the figure to show it
    to_date: tuple[Decimal | None, ...]
    target: Decimal | None

    @property
    def rows(self) -> list[tuple[Span, Decimal | None, Decimal | None]]:
        return list(zip(self.quarters, self.added, self.to_date, strict=True))

    @property
    def counts_companies(self) -> bool:
        return self.unit == "companies"


def series_of(figures: Figures, target: Decimal | None) -> Series:
    measure = figures.measure
    return Series(
        measure.key,
        measure.title,
        measure.unit,
        tuple(row.span for row in figures.rows),
        tuple(row.added.value for row in figures.rows),
        tuple(row.to_date.value for row in figures.rows),
        target,
    )
