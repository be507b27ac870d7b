from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adopt.impact.simulator import AssumptionError, default_assumptions, simulate

CALIBRATED_BUDGET = 8_333_333  # 2,500 companies × £2,000 support ÷ (1 − 0.4 grant share)


def within(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance * target


def test_the_default_assumptions_reproduce_the_published_funnel():
    projection = simulate(CALIBRATED_BUDGET, default_assumptions())
    medians = {key: interval.p50 for key, interval in projection.outcomes.items()}
    assert within(medians["supported"], 2_500, 0.10)
    assert within(medians["investing"], 250, 0.15)
    assert within(medians["jobs"], 1_250, 0.20)
    assert within(medians["upskilled"], 2_300, 0.20)
    assert within(medians["gva"], 176_000_000, 0.25)


def test_intervals_are_ordered_and_wider_than_nothing():
    projection = simulate(6_100_000, default_assumptions())
    for interval in projection.outcomes.values():
        assert interval.p10 < interval.p50 < interval.p90


def test_the_same_seed_gives_the_same_projection():
    assumptions = default_assumptions()
    assert simulate(6_100_000, assumptions, seed=7) == simulate(6_100_000, assumptions, seed=7)


def test_a_smaller_budget_delivers_less():
    assumptions = default_assumptions()
    small = simulate(1_000_000, assumptions).outcomes["jobs"].p50
    large = simulate(6_100_000, assumptions).outcomes["jobs"].p50
    assert small < large


def test_a_range_that_runs_backwards_is_refused():
    assumptions = default_assumptions()
    assumptions["average_grant"] = replace(assumptions["average_grant"], low=20000, mode=13000)
    with pytest.raises(AssumptionError, match="average_grant: the range must run low ≤ most likely ≤ high"):
        simulate(6_100_000, assumptions)


def test_a_share_above_one_and_a_zero_budget_are_refused():
    assumptions = default_assumptions()
    assumptions["investing_rate"] = replace(assumptions["investing_rate"], high=1.5)
    with pytest.raises(AssumptionError, match="investing_rate is a share"):
        simulate(6_100_000, assumptions)
    with pytest.raises(AssumptionError, match="budget must be above zero"):
        simulate(0, default_assumptions())


def test_the_simulate_command_prints_intervals_for_a_budget():
    out = StringIO()
    call_command("simulate", "--budget", "£6,100,000", stdout=out)
    assert "Budget £6,100,000, 10,000 draws" in out.getvalue()
    assert "New jobs (FTE)" in out.getvalue()


def test_the_simulate_command_refuses_a_budget_that_is_not_money():
    with pytest.raises(CommandError, match="is not an amount of money"):
        call_command("simulate", "--budget", "lots")
