"""Grant rules: what a scheme pays for a set of costs, and the checks an application must pass. Pure.

Rounding, done in one place: a grant is the intervention rate times the eligible cost, rounded half-up
to the penny, then capped at the scheme's maximum. Money is Decimal pounds throughout.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from adopt.core.money import to_pence


class SchemeKind(StrEnum):
    TECHNOLOGY_GRANT = "technology_grant"
    INTERNSHIP = "internship"
    LEADERSHIP = "leadership"


@dataclass(frozen=True)
class SchemeRules:
    kind: SchemeKind
    intervention_rate: Decimal = Decimal("0.5")
    minimum_grant: Decimal = Decimal("0")
    maximum_grant: Decimal = Decimal("20000")
    eligible_cost_types: frozenset[str] = field(default_factory=frozenset)
    hourly_rate: Decimal = Decimal("0")
    maximum_hours: int = 0
    place_value: Decimal = Decimal("0")
    # (kind, label) of each document every application must attach
    required_documents: tuple[tuple[str, str], ...] = ()
    quotes_required: int = 0
    quotes_above: Decimal = Decimal("0")


@dataclass(frozen=True)
class CostLine:
    description: str
    cost_type: str
    amount: Decimal


@dataclass(frozen=True)
class GrantCalculation:
    total_cost: Decimal
    eligible_cost: Decimal
    grant: Decimal
    company_contribution: Decimal
    capped: bool
    working: str


def eligible_cost(lines: list[CostLine], rules: SchemeRules) -> Decimal:
    return sum((line.amount for line in lines if line.cost_type in rules.eligible_cost_types), Decimal("0"))


def calculate_grant(lines: list[CostLine], rules: SchemeRules, hours: int = 0, places: int = 0) -> GrantCalculation:
    """The grant a scheme pays, with its working in words."""
    total = sum((line.amount for line in lines), Decimal("0"))
    if rules.kind is SchemeKind.INTERNSHIP:
        counted = min(hours, rules.maximum_hours)
        raw = to_pence(rules.hourly_rate * counted)
        working = f"{counted} hours (of {hours}, capped at {rules.maximum_hours}) × £{rules.hourly_rate}/hour"
        grant = min(raw, rules.maximum_grant)
        return GrantCalculation(total, raw, grant, max(total - grant, Decimal("0")), grant < raw, working)
    if rules.kind is SchemeKind.LEADERSHIP:
        raw = to_pence(rules.place_value * places)
        grant = min(raw, rules.maximum_grant)
        working = f"{places} place{'s' if places != 1 else ''} × £{rules.place_value}"
        return GrantCalculation(total, raw, grant, max(total - grant, Decimal("0")), grant < raw, working)
    eligible = eligible_cost(lines, rules)
    raw = to_pence(eligible * rules.intervention_rate)
    grant = min(raw, rules.maximum_grant)
    working = f"{rules.intervention_rate:.0%} of £{eligible:,.2f} eligible cost = £{raw:,.2f}"
    if grant < raw:
        working += f", capped at £{rules.maximum_grant:,.2f}"
    return GrantCalculation(total, eligible, grant, total - grant, grant < raw, working)


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    outcome: Outcome
    reason: str


@dataclass(frozen=True)
class ApplicationFacts:
    company_eligibility: str  # eligible, not_eligible or needs_information
    eligibility_summary: str
    calculation: GrantCalculation
    subsidy_received: Decimal | None  # declared by the company, from bodies outside Adopt; None: not declared
    subsidy_allowance: Decimal
    duplicate_open_application: bool
    match_funding_evidenced: bool
    cost_lines: int
    # Awards made through Adopt (any programme) in the same window, this application aside, and when it starts.
    awarded_in_adopt: Decimal = Decimal("0")
    awards_counted: int = 0
    window_starts: datetime.date | None = None
    documents_attached: frozenset[str] = frozenset()  # kinds
    quotes_attached: int = 0
    cost_amounts: tuple[Decimal, ...] = ()


QUOTE = "quote"


def application_checks(facts: ApplicationFacts, rules: SchemeRules) -> list[Check]:
    """Every check before submission and approval, each with a reason."""
    eligible = facts.company_eligibility == "eligible"
    documents = [_documents_check(facts, rules)] if rules.required_documents else []
    quotes = [_quotes_check(facts, rules)] if rules.quotes_required else []
    return [
        _check("eligibility", "Company eligibility", eligible, facts.eligibility_summary),
        _scheme_check(facts, rules),
        _subsidy_check(facts),
        _check(
            "duplicate",
            "No duplicate",
            not facts.duplicate_open_application,
            "The company already has an open application for this project."
            if facts.duplicate_open_application
            else "No other open application for this project.",
        ),
        _check(
            "match",
            "Match funding",
            facts.match_funding_evidenced or rules.kind is not SchemeKind.TECHNOLOGY_GRANT,
            "Match funding is evidenced."
            if facts.match_funding_evidenced or rules.kind is not SchemeKind.TECHNOLOGY_GRANT
            else "Upload evidence that the company can pay its share (for example a bank letter).",
        ),
        *documents,
        *quotes,
    ]


def _documents_check(facts: ApplicationFacts, rules: SchemeRules) -> Check:
    missing = [label for kind, label in rules.required_documents if kind not in facts.documents_attached]
    if missing:
        return _check(
            "documents", "Documents", False, "Attach the scheme's required documents: " + ", ".join(missing) + "."
        )
    return _check("documents", "Documents", True, "Every document the scheme asks for is attached.")


def quotes_needed(cost_amounts: tuple[Decimal, ...], rules: SchemeRules) -> int:
    """The scheme's number of quotes for each cost line at or above its threshold."""
    return rules.quotes_required * sum(1 for amount in cost_amounts if amount >= rules.quotes_above)


def _quotes_check(facts: ApplicationFacts, rules: SchemeRules) -> Check:
    needed = quotes_needed(facts.cost_amounts, rules)
    lines = needed // rules.quotes_required
    rule = f"{rules.quotes_required} supplier quotes for each cost of £{rules.quotes_above:,.2f} or more"
    if facts.quotes_attached < needed:
        cost_word = "cost" if lines == 1 else "costs"
        reason = (
            f"The scheme asks for {rule}: {lines} {cost_word}, so {needed} quotes; {facts.quotes_attached} attached."
        )
        return _check("quotes", "Quotes", False, reason)
    if needed == 0:
        return _check("quotes", "Quotes", True, f"No cost is large enough to need quotes ({rule}).")
    return _check(
        "quotes", "Quotes", True, f"{facts.quotes_attached} quotes attached, of the {needed} needed ({rule})."
    )


def _check(key: str, title: str, passed: bool, reason: str) -> Check:
    return Check(key, title, Outcome.PASS if passed else Outcome.FAIL, reason)


def _scheme_check(facts: ApplicationFacts, rules: SchemeRules) -> Check:
    grant = facts.calculation.grant
    if facts.cost_lines == 0 and rules.kind is SchemeKind.TECHNOLOGY_GRANT:
        return _check("scheme", "Scheme rules", False, "Add the project's costs, line by line.")
    if grant <= 0:
        return _check("scheme", "Scheme rules", False, "None of the costs is of a type this scheme pays for.")
    if grant < rules.minimum_grant:
        reason = f"The grant of £{grant:,.2f} is below the scheme's minimum of £{rules.minimum_grant:,.2f}."
        return _check("scheme", "Scheme rules", False, reason)
    return _check("scheme", "Scheme rules", True, f"Grant of £{grant:,.2f}: {facts.calculation.working}.")


def _subsidy_check(facts: ApplicationFacts) -> Check:
    """Minimal Financial Assistance: what the company declared from other bodies plus what Adopt has awarded it,
    in this financial year and the ones before it that the window covers, plus this grant, within the allowance."""
    if facts.subsidy_received is None:
        return _check("subsidy", "Subsidy headroom", False, "The company must declare the subsidies it has received.")
    allowance = facts.subsidy_allowance
    grant = facts.calculation.grant
    received = facts.subsidy_received + facts.awarded_in_adopt
    after = received + grant
    starts = facts.window_starts
    since = f" since {starts.day} {starts:%B %Y}" if starts else ""
    grants = "grant" if facts.awards_counted == 1 else "grants"
    parts = (
        f"£{facts.subsidy_received:,.2f} declared from other bodies plus £{facts.awarded_in_adopt:,.2f} awarded "
        f"through Adopt ({facts.awards_counted} {grants}){since}"
    )
    if after > allowance:
        reason = (
            f"{parts}, plus this grant of £{grant:,.2f}, is £{after:,.2f}: over the £{allowance:,.2f} allowance "
            f"by £{after - allowance:,.2f}."
        )
        return _check("subsidy", "Subsidy headroom", False, reason)
    left = allowance - after
    reason = f"{parts}, plus this grant of £{grant:,.2f}, leaves £{left:,.2f} of the £{allowance:,.2f} allowance."
    return _check("subsidy", "Subsidy headroom", True, reason)
