"""The arithmetic of the measures register, as properties over any facts and any periods."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from adopt.impact.arithmetic import Behind, Fact, figures_of, restated, suppressed
from adopt.impact.measures import MEASURES, MINIMUM_SHOWN, REGISTER
from adopt.impact.periods import ALL_TIME, financial_year, period_between, spans_of

D = datetime.date
FIRST, LAST = D(2024, 1, 1), D(2027, 12, 31)

days = st.dates(min_value=FIRST, max_value=LAST)
facts = st.lists(
    st.builds(
        Fact,
        days,
        st.decimals(min_value=-500, max_value=5000, places=2, allow_nan=False, allow_infinity=False),
        st.integers(1, 12),
    ),
    max_size=40,
)
measures = st.sampled_from(REGISTER)


@st.composite
def periods(draw):
    kind = draw(st.sampled_from(["all", "year", "range"]))
    if kind == "all":
        return ALL_TIME
    if kind == "year":
        return financial_year(draw(st.sampled_from(["2024-25", "2025-26", "2026-27"])))
    start = draw(days)
    return period_between(start, start + datetime.timedelta(days=draw(st.integers(0, 700))))


def spans(period):
    return spans_of(period, FIRST, LAST)


@settings(max_examples=200)
@given(measures, facts, periods())
def test_the_quarters_of_any_period_add_up_to_the_period(measure, some, period):
    figures = figures_of(measure, some, period, spans(period))
    assert sum((row.added.value or Decimal(0) for row in figures.rows), Decimal(0)) == figures.period.value
    assert figures.rows[-1].to_date.value == figures.to_date.value
    assert (figures.before.value or 0) + (figures.period.value or 0) == figures.to_date.value


@settings(max_examples=200)
@given(measures, facts, days, st.integers(0, 400), st.integers(0, 400))
def test_two_adjoining_periods_add_up_to_their_union(measure, some, start, first_days, second_days):
    middle = start + datetime.timedelta(days=first_days)
    end = middle + datetime.timedelta(days=1 + second_days)
    first = period_between(start, middle)
    second = period_between(middle + datetime.timedelta(days=1), end)
    union = period_between(start, end)

    def value(period):
        return figures_of(measure, some, period, spans(period)).period.value

    assert value(first) + value(second) == value(union)


@given(facts, periods())
def test_companies_count_once_in_a_period_however_many_quarters_they_appear_in(some, period):
    figures = figures_of(MEASURES["paid"], some, period, spans(period))
    inside = {
        fact.company
        for fact in some
        if (period.starts_on is None or fact.on >= period.starts_on)
        and (period.ends_on is None or fact.on <= period.ends_on)
    }
    assert figures.period.companies == len(inside)
    assert figures.period.companies <= sum(row.added.companies for row in figures.rows)


@settings(max_examples=300)
@given(measures, facts, periods())
def test_no_figure_shown_to_evaluators_stands_on_fewer_than_five_companies(measure, some, period):
    shown = suppressed(figures_of(measure, some, period, spans(period)))
    cells = [shown.period, shown.to_date, shown.before]
    cells += [cell for row in shown.rows for cell in (row.added, row.to_date)]
    for cell in cells:
        if cell.value is not None:
            assert cell.companies == 0 or cell.companies >= MINIMUM_SHOWN


@settings(max_examples=300)
@given(measures, facts, periods())
def test_no_hidden_quarter_can_be_worked_out_from_what_is_shown(measure, some, period):
    exact = figures_of(measure, some, period, spans(period))
    shown = suppressed(exact)
    if shown.period.value is not None:
        # the period less the shown quarters is the hidden ones together: never a small group
        together = Behind()
        for full, row in zip(exact.rows, shown.rows, strict=True):
            if row.added.value is None:
                together = together | full.behind
        assert len(together) == 0 or len(together) >= MINIMUM_SHOWN
    for before, row in zip([None, *shown.rows], shown.rows, strict=False):
        if row.added.value is None:
            # a total to date less the one before it would give it away
            previous = shown.before if before is None else before.to_date
            assert row.to_date.value is None or previous.value is None


def test_staged_payments_to_one_company_stay_hidden_behind_a_larger_quarter():
    year = financial_year("2026-27")
    some = [Fact(D(2026, 5, 1), Decimal(50_000), 1), Fact(D(2026, 8, 1), Decimal(30_000), 1)]
    some += [Fact(D(2026, 11, 1), Decimal(1_000), n) for n in range(2, 10)]
    shown = suppressed(figures_of(MEASURES["paid"], some, year, spans(year)))
    visible = [row.added.value for row in shown.rows]
    assert visible[0] is None
    assert visible[1] is None
    assert shown.period.value is None or visible[2] is None


def test_a_grant_restating_its_jobs_counts_only_the_change():
    reports = [
        (1, 10, D(2026, 6, 1), 6, Decimal(3)),
        (1, 10, D(2026, 12, 1), 12, Decimal(5)),
        (2, 11, D(2026, 7, 1), 6, None),
    ]
    assert [(fact.on, fact.amount) for fact in restated(reports)] == [
        (D(2026, 6, 1), Decimal(3)),
        (D(2026, 12, 1), Decimal(2)),
    ]


def test_a_follow_up_entered_after_a_later_one_does_not_replace_it():
    reports = [(1, 10, D(2026, 12, 1), 12, Decimal(5)), (1, 10, D(2027, 1, 10), 6, Decimal(2))]
    assert sum(fact.amount for fact in restated(reports)) == Decimal(5)


def test_a_quarter_cut_by_the_period_says_its_dates():
    period = period_between(D(2026, 5, 15), D(2026, 11, 30))
    labels = [span.label for span in spans(period)]
    assert labels == ["Q1 2026-27 (15 May to 30 Jun 2026)", "Q2 2026-27", "Q3 2026-27 (1 Oct to 30 Nov 2026)"]


def test_companies_reaching_a_stage_are_counted_in_the_quarter_they_first_reached_it():
    year = financial_year("2026-27")
    some = [Fact(D(2026, 4, 2), Decimal(3), None), Fact(D(2026, 8, 2), Decimal(2), None)]
    figures = figures_of(MEASURES["supported"], some, year, spans(year))
    assert [row.added.value for row in figures.rows] == [3, 2, 0, 0]
    assert [row.to_date.value for row in figures.rows] == [3, 5, 5, 5]
    assert figures.period.value == 5
