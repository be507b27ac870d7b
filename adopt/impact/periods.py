"""The periods figures are reported for, and the quarters that divide them. Pure.

A period is all time, a financial year, or any two dates. Its quarters are the financial quarters it overlaps,
each cut to the period, so the quarters of a period cover every day of it once and add up to it.
"""

import datetime
from dataclasses import dataclass

from adopt.core.financial_years import (
    financial_year_ends,
    financial_year_label,
    financial_year_starts,
    parse_financial_year,
    quarter_of,
)

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None


ALL_TIME = Period("all time", None, None)


def financial_year(label: str) -> Period:
    """'2026-27' → 1 April 2026 to 31 March 2027; 'all' → no bounds. ValueError for anything else."""
    if label == "all":
        return ALL_TIME
    year = parse_financial_year(label)
    return Period(financial_year_label(year), financial_year_starts(year), financial_year_ends(year))


def period_between(starts_on: datetime.date, ends_on: datetime.date) -> Period:
    if ends_on < starts_on:
        raise ValueError("The period ends before it starts.")
    return Period(f"{starts_on:%-d %B %Y} to {ends_on:%-d %B %Y}", starts_on, ends_on)


def parse_period(text: str) -> Period:
    """'all', a financial year like '2026-27', or any dates as '2026-04-01..2026-09-30'. ValueError otherwise."""
    if ".." in text:
        start, _, end = text.partition("..")
        try:
            starts_on, ends_on = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a period from one date to another, like 2026-04-01..2026-09-30."
            ) from None
        return period_between(starts_on, ends_on)
    return financial_year(text)


@dataclass(frozen=True)
class Span:
    """A financial quarter, cut to the period where the period starts or ends inside it."""

    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    whole_quarter: bool


def spans_of(period: Period, first: datetime.date, last: datetime.date) -> list[Span]:
    """The period's quarters in order. All time runs from `first` to `last` (the first and last facts, or the
    programme's start and today); a bounded period runs over its own dates whatever the facts."""
    starts_on = period.starts_on or first
    ends_on = period.ends_on or max(last, starts_on)
    spans = []
    quarter = quarter_of(starts_on)
    while quarter.starts_on <= ends_on:
        start, end = max(quarter.starts_on, starts_on), min(quarter.ends_on, ends_on)
        whole = (start, end) == (quarter.starts_on, quarter.ends_on)
        label = quarter.label if whole else f"{quarter.label} ({start:%-d %b} to {end:%-d %b %Y})"
        spans.append(Span(label, start, end, whole))
        quarter = quarter.following()
    return spans
