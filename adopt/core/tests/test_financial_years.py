import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adopt.core.financial_years import (
    Quarter,
    financial_year_ends,
    financial_year_label,
    financial_year_of,
    financial_year_starts,
    parse_financial_year,
    quarter_of,
    quarters_between,
)

D = datetime.date


def test_31_march_closes_the_year_and_1_april_opens_the_next():
    assert financial_year_of(D(2027, 3, 31)) == 2026
    assert financial_year_of(D(2027, 4, 1)) == 2027
    assert financial_year_label(2026) == "2026/27"
    assert (financial_year_starts(2026), financial_year_ends(2026)) == (D(2026, 4, 1), D(2027, 3, 31))


def test_a_financial_year_is_read_from_either_spelling():
    assert parse_financial_year("2026-27") == parse_financial_year("2026/27") == 2026
    assert parse_financial_year("1999-00") == 1999
    for bad in ("2026-28", "2026", "26-27", "soon"):
        with pytest.raises(ValueError, match="is not a financial year like 2026-27"):
            parse_financial_year(bad)


def test_quarters_are_named_by_the_financial_year():
    assert quarter_of(D(2026, 5, 17)) == Quarter(D(2026, 4, 1))
    assert Quarter(D(2026, 4, 1)).label == "Q1 2026-27"
    assert Quarter(D(2027, 1, 1)).label == "Q4 2026-27"
    assert Quarter(D(2027, 1, 1)).ends_on == D(2027, 3, 31)
    assert Quarter(D(2026, 10, 1)).ends_on == D(2026, 12, 31)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)))
def test_every_day_falls_in_the_year_and_quarter_that_hold_it(day):
    year = financial_year_of(day)
    assert financial_year_starts(year) <= day <= financial_year_ends(year)
    quarter = quarter_of(day)
    assert quarter.starts_on <= day <= quarter.ends_on
    assert financial_year_of(quarter.starts_on) == year


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)), st.integers(0, 4000))
def test_quarters_between_two_days_follow_each_other_without_gaps(first, days):
    quarters = quarters_between(first, first + datetime.timedelta(days=days))
    assert quarters[0].starts_on <= first <= quarters[0].ends_on
    for before, after in itertools.pairwise(quarters):
        assert after.starts_on == before.ends_on + datetime.timedelta(days=1)
