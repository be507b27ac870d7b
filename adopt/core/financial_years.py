"""The UK financial year (1 April to 31 March) and its quarters: the calendar every budget and report runs on.

A financial year is named by the calendar year it starts in (2026 is 2026/27); its quarters are Q1 April to
June, Q2 July to September, Q3 October to December and Q4 January to March.
"""

import calendar
import datetime
from dataclasses import dataclass

FIRST_MONTH = 4


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), or the month's last day where it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def financial_year_of(day: datetime.date) -> int:
    """The financial year holding the day, named by the calendar year it starts in."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_label(year: int) -> str:
    """2026 → '2026/27'."""
    return f"{year}/{str(year + 1)[-2:]}"


def financial_year_starts(year: int) -> datetime.date:
    return datetime.date(year, FIRST_MONTH, 1)


def financial_year_ends(year: int) -> datetime.date:
    return datetime.date(year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)


def parse_financial_year(text: str) -> int:
    """'2026-27' or '2026/27' → 2026; ValueError for anything else."""
    try:
        start, end = text.replace("/", "-").split("-")
        year = int(start)
        if len(start) != 4 or len(end) != 2 or int(end) != (year + 1) % 100:
            raise ValueError
    except ValueError:
        raise ValueError(f"{text!r} is not a financial year like 2026-27.") from None
    return year


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the financial year, from its first day."""

    starts_on: datetime.date

    @property
    def ends_on(self) -> datetime.date:
        year, month = divmod(self.starts_on.month - 1 + 3, 12)
        return datetime.date(self.starts_on.year + year, month + 1, 1) - datetime.timedelta(days=1)

    @property
    def number(self) -> int:
        return ((self.starts_on.month - FIRST_MONTH) % 12) // 3 + 1

    @property
    def label(self) -> str:
        """'Q1 2026-27' for April to June 2026."""
        first_year = financial_year_of(self.starts_on)
        return f"Q{self.number} {first_year}-{str(first_year + 1)[-2:]}"

    def following(self) -> "Quarter":
        return Quarter(self.ends_on + datetime.timedelta(days=1))


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter(datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))


def quarters_between(first: datetime.date, last: datetime.date) -> list[Quarter]:
    """Every quarter from the one holding `first` to the one holding `last`."""
    quarters = []
    quarter = quarter_of(first)
    while quarter.starts_on <= last:
        quarters.append(quarter)
        quarter = quarter.following()
    return quarters
