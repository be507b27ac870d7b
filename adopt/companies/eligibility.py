"""Can the programme help this business? Each rule answers pass, fail or unknown with a plain reason.

Pure: facts and rules in, a verdict out. The ORM, postcode look-ups and dates are resolved by the caller
(`selectors.eligibility_facts`), so the same rules serve the company page, the import and screening.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from adopt.core.financial_years import financial_year_of, financial_year_starts
from adopt.core.money import to_pence

MANUFACTURING_DIVISIONS = range(10, 34)
INACTIVE_STATUSES = {
    "strike_off": "is being struck off the register",
    "dissolved": "has been dissolved",
    "liquidation": "is in liquidation",
    "administration": "is in administration",
    "receivership": "is in receivership",
    "voluntary_arrangement": "is in a voluntary arrangement with its creditors",
    "insolvency": "is in insolvency proceedings",
    "closed": "has been converted or closed",
}


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"


class Overall(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_INFORMATION = "needs_information"


@dataclass(frozen=True)
class Location:
    """One address of the company and how much of its postcode lies inside the programme's area."""

    label: str
    postcode: str
    share_inside: Fraction | None  # None when the postcode is missing or not in the reference data
    level: str = ""  # "postcode" (exact), "sector" or "district": how finely the postcode was resolved

    @property
    def how_known(self) -> str:
        """How the place was found, for the verdict to say."""
        return HOW_KNOWN.get(self.level, "")


HOW_KNOWN = {
    "postcode": " (by its exact postcode in the ONS Postcode Directory)",
    "sector": " (by its postcode sector in the ONS Postcode Directory)",
    "district": " (by its postcode district only: the full postcode is not in the ONS Postcode Directory)",
}


@dataclass(frozen=True)
class CompanyFacts:
    staff_headcount: int | None
    turnover_gbp: Decimal | None
    balance_sheet_gbp: Decimal | None
    primary_sic: str | None
    status: str | None
    locations: tuple[Location, ...]
    subsidy_received_gbp: Decimal | None  # None when the company has not declared its subsidies
    # Where each fact came from (see `FACT_SOURCES`): every verdict says so.
    status_source: str = ""
    sic_source: str = ""
    size_source: str = ""


@dataclass(frozen=True)
class ProgrammeRules:
    area_name: str
    max_staff: int = 250
    max_turnover_eur: Decimal = Decimal("50000000")
    max_balance_sheet_eur: Decimal = Decimal("43000000")
    eur_to_gbp_rate: Decimal = Decimal("0.85")
    extra_sic_codes: frozenset[str] = field(default_factory=frozenset)
    subsidy_allowance_gbp: Decimal = Decimal("315000")
    subsidy_window_years: int = 3

    def in_pounds(self, euros: Decimal) -> Decimal:
        return to_pence(euros * self.eur_to_gbp_rate)


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    outcome: Outcome
    reason: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    overall: Overall
    results: tuple[RuleResult, ...]

    @property
    def failing(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if result.outcome is Outcome.FAIL)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item for result in self.results for item in result.missing)

    @property
    def summary(self) -> str:
        if self.overall is Overall.ELIGIBLE:
            return "Eligible: every rule is met."
        if self.overall is Overall.NOT_ELIGIBLE:
            return "Not eligible: " + "; ".join(result.reason for result in self.failing)
        return "Needs information: " + ", ".join(self.missing) + "."


# How a verdict names where a fact came from, by the source recorded on the company.
FACT_SOURCES = {
    "companies_house": "from Companies House",
    "business": "as declared by the business, not yet confirmed by an adviser",
    "adviser": "as recorded by programme staff",
    "": "as recorded, with no note of where it came from",
}


def _sourced(result: RuleResult, what: str, source: str) -> RuleResult:
    if result.outcome is Outcome.UNKNOWN:
        return result
    return replace(result, reason=f"{result.reason} ({what} {FACT_SOURCES.get(source, FACT_SOURCES[''])}.)")


def _status_sourced(result: RuleResult, source: str) -> RuleResult:
    # An active status names its source in its own words; a closed one gets the same note as other facts.
    return _sourced(result, "Status", source) if result.outcome is Outcome.FAIL else result


def assess_eligibility(facts: CompanyFacts, rules: ProgrammeRules) -> Verdict:
    results = (
        _sourced(sme_rule(facts, rules), "Staff and accounts figures", facts.size_source),
        _sourced(manufacturer_rule(facts, rules), "SIC code", facts.sic_source),
        location_rule(facts, rules),
        _status_sourced(status_rule(facts), facts.status_source),
        subsidy_rule(facts, rules),
    )
    outcomes = {result.outcome for result in results}
    if Outcome.FAIL in outcomes:
        overall = Overall.NOT_ELIGIBLE
    elif Outcome.UNKNOWN in outcomes:
        overall = Overall.NEEDS_INFORMATION
    else:
        overall = Overall.ELIGIBLE
    return Verdict(overall, results)


def sme_rule(facts: CompanyFacts, rules: ProgrammeRules) -> RuleResult:
    title = "Small or medium-sized business"
    turnover_limit = rules.in_pounds(rules.max_turnover_eur)
    balance_limit = rules.in_pounds(rules.max_balance_sheet_eur)
    money = f"turnover up to £{turnover_limit:,.0f} or a balance sheet up to £{balance_limit:,.0f}"
    if facts.staff_headcount is not None and facts.staff_headcount >= rules.max_staff:
        return RuleResult(
            "sme",
            title,
            Outcome.FAIL,
            f"The business has {facts.staff_headcount:,} staff; the programme is for businesses with fewer "
            f"than {rules.max_staff:,}.",
        )
    within = [
        value <= limit
        for value, limit in ((facts.turnover_gbp, turnover_limit), (facts.balance_sheet_gbp, balance_limit))
        if value is not None
    ]
    if facts.staff_headcount is None:
        return RuleResult(
            "sme",
            title,
            Outcome.UNKNOWN,
            "We need the number of staff to confirm the business is an SME.",
            ("staff headcount",),
        )
    if any(within):
        return RuleResult(
            "sme",
            title,
            Outcome.PASS,
            f"{facts.staff_headcount:,} staff (fewer than {rules.max_staff:,}) and {money}.",
        )
    if len(within) == 2:
        return RuleResult(
            "sme",
            title,
            Outcome.FAIL,
            f"Both turnover (£{facts.turnover_gbp:,.0f}) and balance sheet (£{facts.balance_sheet_gbp:,.0f}) are "
            f"above the SME limits ({money}).",
        )
    return RuleResult(
        "sme",
        title,
        Outcome.UNKNOWN,
        f"We need the turnover or the balance sheet total to confirm the business is an SME ({money}).",
        ("turnover or balance sheet total",),
    )


def manufacturer_rule(facts: CompanyFacts, rules: ProgrammeRules) -> RuleResult:
    title = "Manufacturer"
    code = (facts.primary_sic or "").strip()
    if not code:
        return RuleResult(
            "manufacturer", title, Outcome.UNKNOWN, "We need the business's main SIC code.", ("main SIC code",)
        )
    if code[:2].isdigit() and int(code[:2]) in MANUFACTURING_DIVISIONS:
        return RuleResult(
            "manufacturer",
            title,
            Outcome.PASS,
            f"The main activity (SIC {code}) is manufacturing (divisions 10 to 33).",
        )
    if code in rules.extra_sic_codes:
        return RuleResult(
            "manufacturer", title, Outcome.PASS, f"The main activity (SIC {code}) is one this programme also accepts."
        )
    return RuleResult(
        "manufacturer",
        title,
        Outcome.FAIL,
        f"The main activity (SIC {code}) is not manufacturing: the programme is for SIC divisions 10 to 33.",
    )


def location_rule(facts: CompanyFacts, rules: ProgrammeRules) -> RuleResult:
    title = f"Located in {rules.area_name}"
    known = [location for location in facts.locations if location.share_inside is not None]
    inside = [location for location in known if location.share_inside == 1]
    if inside:
        where = inside[0]
        return RuleResult(
            "location",
            title,
            Outcome.PASS,
            f"The {where.label} ({where.postcode}) is in {rules.area_name}{where.how_known}.",
        )
    partly = [location for location in known if location.share_inside]
    if partly:
        where = partly[0]
        return RuleResult(
            "location",
            title,
            Outcome.UNKNOWN,
            f"The {where.label}'s postcode {where.postcode} covers addresses both inside and outside "
            f"{rules.area_name}{where.how_known}, so an adviser needs to confirm the full address.",
            (f"confirmation that the {where.label} is inside {rules.area_name}",),
        )
    if known and len(known) == len(facts.locations):
        postcodes = ", ".join(location.postcode for location in known)
        return RuleResult(
            "location",
            title,
            Outcome.FAIL,
            f"No address of the business ({postcodes}) is in {rules.area_name}{known[0].how_known}.",
        )
    return RuleResult(
        "location",
        title,
        Outcome.UNKNOWN,
        f"We need a valid postcode for the registered office or a site to check it is in {rules.area_name}.",
        ("a valid postcode",),
    )


def status_rule(facts: CompanyFacts) -> RuleResult:
    title = "Trading"
    if facts.status == "active" and facts.status_source == "companies_house":
        return RuleResult("status", title, Outcome.PASS, "The company is active at Companies House.")
    if facts.status == "active":
        source = FACT_SOURCES.get(facts.status_source, FACT_SOURCES[""])
        return RuleResult("status", title, Outcome.PASS, f"The company is active ({source}).")
    if facts.status in INACTIVE_STATUSES:
        return RuleResult(
            "status",
            title,
            Outcome.FAIL,
            f"The company {INACTIVE_STATUSES[facts.status]}: the programme helps trading businesses.",
        )
    return RuleResult(
        "status", title, Outcome.UNKNOWN, "We need to confirm the company is active.", ("company status",)
    )


def subsidy_rule(facts: CompanyFacts, rules: ProgrammeRules) -> RuleResult:
    title = "Subsidy allowance"
    allowance = f"£{rules.subsidy_allowance_gbp:,.0f}"
    period = f"this financial year and the previous {rules.subsidy_window_years - 1}"
    if facts.subsidy_received_gbp is None:
        return RuleResult(
            "subsidy",
            title,
            Outcome.UNKNOWN,
            f"We need the public subsidies the business received in {period}, to check the {allowance} allowance.",
            ("a declaration of subsidies received",),
        )
    headroom = rules.subsidy_allowance_gbp - facts.subsidy_received_gbp
    if headroom <= 0:
        return RuleResult(
            "subsidy",
            title,
            Outcome.FAIL,
            f"The business has received £{facts.subsidy_received_gbp:,.2f} in {period}, which uses up the "
            f"{allowance} allowance.",
        )
    return RuleResult(
        "subsidy",
        title,
        Outcome.PASS,
        f"£{facts.subsidy_received_gbp:,.2f} received in {period} leaves £{headroom:,.2f} "
        f"of the {allowance} allowance.",
    )


def financial_year_start(on: datetime.date) -> datetime.date:
    """First day of the UK financial year (1 April) that contains `on`."""
    return financial_year_starts(financial_year_of(on))
