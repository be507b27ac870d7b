import datetime
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from adopt.companies.eligibility import (
    CompanyFacts,
    Location,
    Outcome,
    Overall,
    ProgrammeRules,
    assess_eligibility,
    financial_year_start,
    location_rule,
    manufacturer_rule,
    sme_rule,
    status_rule,
    subsidy_rule,
)
from adopt.companies.subsidy_control import mfa_rules
from adopt.core.reference_data import ReferenceDataError

RULES = ProgrammeRules(area_name="East Lancashire", eur_to_gbp_rate=Decimal("0.85"))
INSIDE = Location("registered office", "BB4 5AB", Fraction(1), "sector")
OUTSIDE = Location("registered office", "LS1 4AP", Fraction(0), "sector")
GOOD = CompanyFacts(
    staff_headcount=45,
    turnover_gbp=Decimal("4200000"),
    balance_sheet_gbp=Decimal("2100000"),
    primary_sic="25620",
    status="active",
    locations=(INSIDE,),
    subsidy_received_gbp=Decimal("20000"),
)


def test_a_small_active_manufacturer_inside_the_area_with_headroom_is_eligible():
    verdict = assess_eligibility(GOOD, RULES)
    assert verdict.overall is Overall.ELIGIBLE
    assert all(result.outcome is Outcome.PASS for result in verdict.results)
    assert verdict.summary == "Eligible: every rule is met."


# SME: fewer than 250 staff, and turnover or balance sheet within the limits.
def test_250_staff_is_not_an_sme():
    result = sme_rule(replace(GOOD, staff_headcount=250), RULES)
    assert result.outcome is Outcome.FAIL
    assert "250" in result.reason


def test_249_staff_is_an_sme():
    assert sme_rule(replace(GOOD, staff_headcount=249), RULES).outcome is Outcome.PASS


def test_turnover_over_the_limit_passes_when_the_balance_sheet_is_within():
    facts = replace(GOOD, turnover_gbp=Decimal("60000000"), balance_sheet_gbp=Decimal("1000000"))
    assert sme_rule(facts, RULES).outcome is Outcome.PASS


def test_both_financial_limits_exceeded_fails():
    facts = replace(GOOD, turnover_gbp=Decimal("60000000"), balance_sheet_gbp=Decimal("40000000"))
    result = sme_rule(facts, RULES)
    assert result.outcome is Outcome.FAIL
    assert "£42,500,000" in result.reason  # €50m at 0.85
    assert "£36,550,000" in result.reason  # €43m at 0.85


def test_the_limit_in_pounds_follows_the_programme_exchange_rate():
    facts = replace(GOOD, turnover_gbp=Decimal("44000000"), balance_sheet_gbp=None)
    assert sme_rule(facts, RULES).outcome is Outcome.UNKNOWN
    assert sme_rule(facts, replace(RULES, eur_to_gbp_rate=Decimal("0.90"))).outcome is Outcome.PASS


def test_missing_staff_count_is_asked_for():
    result = sme_rule(replace(GOOD, staff_headcount=None), RULES)
    assert result.outcome is Outcome.UNKNOWN
    assert result.missing == ("staff headcount",)


def test_missing_money_figures_are_asked_for():
    result = sme_rule(replace(GOOD, turnover_gbp=None, balance_sheet_gbp=None), RULES)
    assert result.outcome is Outcome.UNKNOWN
    assert result.missing == ("turnover or balance sheet total",)


# Manufacturer: primary SIC code in divisions 10 to 33, or a code the programme adds.
@pytest.mark.parametrize("code", ["10110", "25620", "33200"])
def test_divisions_10_to_33_are_manufacturing(code):
    assert manufacturer_rule(replace(GOOD, primary_sic=code), RULES).outcome is Outcome.PASS


@pytest.mark.parametrize("code", ["09900", "35110", "62012", "74990"])
def test_other_divisions_are_not_manufacturing(code):
    result = manufacturer_rule(replace(GOOD, primary_sic=code), RULES)
    assert result.outcome is Outcome.FAIL
    assert code in result.reason


def test_a_programme_may_accept_an_extra_code():
    rules = replace(RULES, extra_sic_codes=frozenset({"71122"}))
    assert manufacturer_rule(replace(GOOD, primary_sic="71122"), rules).outcome is Outcome.PASS


def test_missing_sic_code_is_asked_for():
    assert manufacturer_rule(replace(GOOD, primary_sic=None), RULES).outcome is Outcome.UNKNOWN


# Location: the registered office or a site inside the programme's area.
def test_a_site_inside_the_area_is_enough_when_the_office_is_outside():
    site = Location("site “Works”", "BB4 5AB", Fraction(1), "sector")
    result = location_rule(replace(GOOD, locations=(OUTSIDE, site)), RULES)
    assert result.outcome is Outcome.PASS
    assert "Works" in result.reason


def test_every_address_outside_the_area_fails():
    result = location_rule(replace(GOOD, locations=(OUTSIDE,)), RULES)
    assert result.outcome is Outcome.FAIL
    assert "LS1 4AP" in result.reason


def test_a_postcode_straddling_the_boundary_asks_for_the_full_address_instead_of_guessing():
    split = Location("registered office", "CH4 9AA", Fraction(3, 5), "sector")
    result = location_rule(replace(GOOD, locations=(split,)), RULES)
    assert result.outcome is Outcome.UNKNOWN
    assert "confirm the full address" in result.reason


def test_an_unknown_postcode_is_unknown_not_a_failure():
    unknown = Location("registered office", "ZZ9 9ZZ", None)
    result = location_rule(replace(GOOD, locations=(unknown,)), RULES)
    assert result.outcome is Outcome.UNKNOWN
    assert result.missing == ("a valid postcode",)


# Status: active companies only.
@pytest.mark.parametrize("status", ["dissolved", "liquidation", "administration", "strike_off", "insolvency"])
def test_companies_that_are_not_trading_fail(status):
    assert status_rule(replace(GOOD, status=status)).outcome is Outcome.FAIL


def test_an_unknown_status_is_asked_for():
    assert status_rule(replace(GOOD, status="unknown")).outcome is Outcome.UNKNOWN


# Subsidy headroom: received in the window must leave room under the allowance.
def test_subsidy_received_up_to_the_allowance_leaves_no_headroom():
    result = subsidy_rule(replace(GOOD, subsidy_received_gbp=Decimal("315000")), RULES)
    assert result.outcome is Outcome.FAIL


def test_subsidy_headroom_is_stated_in_pounds_and_pence():
    result = subsidy_rule(replace(GOOD, subsidy_received_gbp=Decimal("314999.99")), RULES)
    assert result.outcome is Outcome.PASS
    assert "leaves £0.01" in result.reason


def test_undeclared_subsidies_are_asked_for():
    result = subsidy_rule(replace(GOOD, subsidy_received_gbp=None), RULES)
    assert result.outcome is Outcome.UNKNOWN


def test_the_allowance_is_a_programme_setting():
    rules = replace(RULES, subsidy_allowance_gbp=Decimal("10000"))
    assert subsidy_rule(GOOD, rules).outcome is Outcome.FAIL


# The overall verdict.
def test_any_failing_rule_makes_the_company_not_eligible_and_names_it():
    verdict = assess_eligibility(replace(GOOD, status="dissolved", staff_headcount=None), RULES)
    assert verdict.overall is Overall.NOT_ELIGIBLE
    assert [result.rule for result in verdict.failing] == ["status"]
    assert "dissolved" in verdict.summary


def test_unknowns_without_failures_need_information_and_list_what_is_missing():
    verdict = assess_eligibility(replace(GOOD, staff_headcount=None, primary_sic=None), RULES)
    assert verdict.overall is Overall.NEEDS_INFORMATION
    assert verdict.missing == ("staff headcount", "main SIC code")


# UK financial years run from 1 April.
@pytest.mark.parametrize(
    ("day", "start"),
    [
        (datetime.date(2026, 3, 31), datetime.date(2025, 4, 1)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 1)),
        (datetime.date(2026, 11, 25), datetime.date(2026, 4, 1)),
    ],
)
def test_financial_year_starts_on_1_april(day, start):
    assert financial_year_start(day) == start


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (datetime.date(2026, 11, 25), datetime.date(2024, 4, 1)),
        (datetime.date(2026, 3, 31), datetime.date(2023, 4, 1)),
        (datetime.date(2026, 4, 1), datetime.date(2024, 4, 1)),
    ],
)
def test_the_subsidy_window_covers_the_current_and_two_previous_financial_years(day, start):
    assert mfa_rules().window_start(day) == start


def test_the_minimal_financial_assistance_limit_is_the_one_in_force_on_the_day():
    assert mfa_rules().limit_on(datetime.date(2026, 12, 1)).limit == Decimal("315000.00")
    with pytest.raises(ReferenceDataError):
        mfa_rules().limit_on(datetime.date(2022, 12, 31))  # before the Act's subsidy rules were in force
