import datetime
from decimal import Decimal

import pytest

from adopt.funding.rules import (
    ApplicationFacts,
    CostLine,
    Outcome,
    SchemeKind,
    SchemeRules,
    application_checks,
    calculate_grant,
)

GRANT = SchemeRules(
    SchemeKind.TECHNOLOGY_GRANT,
    intervention_rate=Decimal("0.5"),
    minimum_grant=Decimal("1000"),
    maximum_grant=Decimal("20000"),
    eligible_cost_types=frozenset({"equipment", "software", "installation"}),
)


def lines(*pairs):
    return [CostLine(f"line {n}", kind, Decimal(amount)) for n, (kind, amount) in enumerate(pairs)]


def test_the_grant_is_the_rate_times_eligible_cost():
    calc = calculate_grant(lines(("equipment", "12000.00"), ("software", "3000.00")), GRANT)
    assert calc.grant == Decimal("7500.00")
    assert calc.company_contribution == Decimal("7500.00")


def test_ineligible_costs_count_in_the_total_but_not_the_grant():
    calc = calculate_grant(lines(("equipment", "10000.00"), ("staff_time", "4000.00")), GRANT)
    assert (calc.total_cost, calc.eligible_cost, calc.grant) == (
        Decimal("14000.00"),
        Decimal("10000.00"),
        Decimal("5000.00"),
    )
    assert calc.company_contribution == Decimal("9000.00")


def test_the_grant_is_rounded_half_up_to_the_penny():
    calc = calculate_grant(lines(("equipment", "0.01"), ("software", "1000.00")), GRANT)
    assert calc.grant == Decimal("500.01")  # 50% of £1,000.01 is £500.005


def test_the_grant_is_capped_at_the_scheme_maximum():
    calc = calculate_grant(lines(("equipment", "50000.00")), GRANT)
    assert calc.grant == Decimal("20000.00")
    assert calc.capped
    assert "capped at £20,000.00" in calc.working


def test_internship_pays_hours_times_rate_up_to_the_hour_cap():
    rules = SchemeRules(
        SchemeKind.INTERNSHIP, hourly_rate=Decimal("12.60"), maximum_hours=300, maximum_grant=Decimal("5000")
    )
    assert calculate_grant([], rules, hours=250).grant == Decimal("3150.00")
    assert calculate_grant([], rules, hours=400).grant == Decimal("3780.00")


def test_leadership_pays_per_place():
    rules = SchemeRules(SchemeKind.LEADERSHIP, place_value=Decimal("2500"), maximum_grant=Decimal("10000"))
    assert calculate_grant([], rules, places=2).grant == Decimal("5000.00")


def facts(**overrides):
    calc = calculate_grant(lines(("equipment", "20000.00")), GRANT)
    values = {
        "company_eligibility": "eligible",
        "eligibility_summary": "Eligible: every rule is met.",
        "calculation": calc,
        "subsidy_received": Decimal("100000"),
        "subsidy_allowance": Decimal("315000"),
        "duplicate_open_application": False,
        "match_funding_evidenced": True,
        "cost_lines": 1,
    }
    return ApplicationFacts(**(values | overrides))


def outcome(checks, key):
    return next(c for c in checks if c.key == key)


def test_a_sound_application_passes_every_check():
    assert all(c.outcome is Outcome.PASS for c in application_checks(facts(), GRANT))


def test_subsidy_headroom_counts_this_grant():
    check = outcome(application_checks(facts(subsidy_received=Decimal("305000.01")), GRANT), "subsidy")
    assert check.outcome is Outcome.FAIL
    assert "£315,000.01" in check.reason
    ok = outcome(application_checks(facts(subsidy_received=Decimal("305000.00")), GRANT), "subsidy")
    assert ok.outcome is Outcome.PASS
    assert "leaves £0.00 of the £315,000.00 allowance" in ok.reason


def test_subsidy_headroom_counts_what_adopt_awarded_and_says_each_figure():
    check = outcome(
        application_checks(
            facts(
                subsidy_received=Decimal("200000"),
                awarded_in_adopt=Decimal("105000.01"),
                awards_counted=2,
                window_starts=datetime.date(2024, 4, 1),
            ),
            GRANT,
        ),
        "subsidy",
    )
    assert check.outcome is Outcome.FAIL
    assert check.reason == (
        "£200,000.00 declared from other bodies plus £105,000.01 awarded through Adopt (2 grants) since 1 April 2024, "
        "plus this grant of £10,000.00, is £315,000.01: over the £315,000.00 allowance by £0.01."
    )


def test_a_grant_below_the_minimum_fails_the_scheme_rules():
    small = calculate_grant(lines(("equipment", "1999.98")), GRANT)
    check = outcome(application_checks(facts(calculation=small), GRANT), "scheme")
    assert check.outcome is Outcome.FAIL
    assert "£999.99" in check.reason


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"company_eligibility": "not_eligible", "eligibility_summary": "Not eligible: dissolved."}, "eligibility"),
        ({"duplicate_open_application": True}, "duplicate"),
        ({"match_funding_evidenced": False}, "match"),
        ({"subsidy_received": None}, "subsidy"),
    ],
)
def test_each_failing_check_is_reported(override, key):
    assert outcome(application_checks(facts(**override), GRANT), key).outcome is Outcome.FAIL
