from decimal import Decimal

from adopt.impact.periods import parse_period
from adopt.impact.selectors import programme_targets
from adopt.programmes import setup


def test_the_kpis_of_a_financial_year_read_against_that_year_s_target(world, manager):
    setup.programme_targets_set(
        world.programme,
        {("jobs_created", None): Decimal("120"), ("jobs_created", 2026): Decimal("30")},
        actor=manager,
    )
    assert programme_targets([world.programme], parse_period("2026-27"))["jobs_created"] == Decimal("30")
    assert programme_targets([world.programme], parse_period("all"))["jobs_created"] == Decimal("120")
    assert programme_targets([world.programme], parse_period("2027-28"))["jobs_created"] == Decimal("120")
