"""Setting up a programme's money: its funds, each fund's budget for each financial year, and the schemes that
give from it, each change audited. A year's budget never falls below what is already committed from it, and a
year that has closed keeps the budget it closed with."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from adopt.accounts.models import User
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.funding.models import CostItem, Fund, FundYear, Scheme
from adopt.programmes.models import Programme

FUND_FIELDS = ("name", "funder", "identifier_prefix", "funder_identifier", "nominal_code")
SCHEME_FIELDS = (
    "name",
    "kind",
    "intervention_rate",
    "minimum_grant",
    "maximum_grant",
    "eligible_cost_types",
    "hourly_rate",
    "maximum_hours",
    "place_value",
    "review_criteria",
    "required_documents",
    "quotes_required",
    "quotes_above",
    "claim_months",
    "offer_conditions",
    "four_eyes",
    "is_open",
)
PAID_COST_TYPES = [value for value in CostItem.Type.values if value != CostItem.Type.OTHER]


class FundSetupRefused(DomainError):
    """A change to a fund or scheme that cannot be made as asked."""


def _changed(record: object, fields: tuple[str, ...], values: dict[str, object]) -> list[str]:
    return [field for field in fields if field in values and getattr(record, field) != values[field]]


def _labels(model: type[Fund] | type[Scheme], fields: list[str]) -> str:
    return ", ".join(str(getattr(model._meta.get_field(field), "verbose_name", field)) for field in fields)


@transaction.atomic
def fund_create(*, programme: Programme, actor: User, **values: object) -> Fund:
    fund = Fund(programme=programme, **{k: v for k, v in values.items() if k in FUND_FIELDS})
    fund.full_clean()
    fund.save()
    audit_record(fund, action=Action.CREATED, actor=actor, comment=f"Fund of {programme.name}")
    return fund


@transaction.atomic
def fund_update(fund: Fund, *, actor: User, **values: object) -> list[str]:
    changed = _changed(fund, FUND_FIELDS, values)
    for field in changed:
        setattr(fund, field, values[field])
    if changed:
        fund.full_clean()
        fund.save()
        audit_record(fund, action=Action.CHANGED, actor=actor, comment="Changed: " + _labels(Fund, changed))
    return changed


def years_of(programme: Programme) -> list[int]:
    """The financial years the programme's period touches, first to last."""
    return list(range(financial_year_of(programme.starts_on), financial_year_of(programme.ends_on) + 1))


@transaction.atomic
def fund_budget_set(fund: Fund, *, year: int, budget: Decimal, actor: User) -> FundYear | None:
    """Set the fund's budget for one financial year; a budget of nothing for a year never used removes the year."""
    label = financial_year_label(year)
    if year not in years_of(fund.programme):
        raise FundSetupRefused(f"{label} is outside the programme's period.")
    if budget < 0:
        raise FundSetupRefused(f"A budget cannot be below zero ({label}).")
    current = FundYear.objects.select_for_update().filter(fund=fund, year=year).first()
    if current is None:
        if budget == 0:
            return None
        made = FundYear.objects.create(fund=fund, year=year, budget=budget)
        audit_record(fund, action=Action.CHANGED, actor=actor, comment=f"Budget {label}: £{budget:,.2f}")
        return made
    if current.budget == budget:
        return current
    if year < financial_year_of(timezone.localdate()):
        raise FundSetupRefused(f"{label} has closed: its budget stays as it closed, £{current.budget:,.2f}.")
    if budget < current.committed:
        raise FundSetupRefused(
            f"£{current.committed:,.2f} is already committed from {label}: its budget cannot go below that."
        )
    before = current.budget
    current.budget = budget
    current.save(update_fields=["budget"])
    audit_record(fund, action=Action.CHANGED, actor=actor, comment=f"Budget {label}: £{before:,.2f} to £{budget:,.2f}")
    return current


class BudgetsRefused(FundSetupRefused):
    """Some years' budgets cannot be set as asked: `problems` names each, and none of the years is changed."""

    def __init__(self, problems: dict[int, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@transaction.atomic
def fund_budgets_set(fund: Fund, budgets: dict[int, Decimal], *, actor: User) -> None:
    """Set every year's budget together: all of them, or none when any is refused."""
    problems: dict[int, str] = {}
    for year, budget in budgets.items():
        try:
            with transaction.atomic():
                fund_budget_set(fund, year=year, budget=budget, actor=actor)
        except FundSetupRefused as error:
            problems[year] = str(error)
    if problems:
        raise BudgetsRefused(problems)


def criteria_from_lines(text: str) -> list[dict[str, object]]:
    """Review criteria written one a line as 'title' or 'title | weight' (a whole number, 1 when left out)."""
    criteria: list[dict[str, object]] = []
    keys: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title, _, weight_text = line.partition("|")
        title = title.strip()
        try:
            weight = int(weight_text.strip() or "1")
        except ValueError:
            raise FundSetupRefused(f"Line {number}: the weight after | must be a whole number, like 2.") from None
        if not title or weight < 1 or weight > 10:
            raise FundSetupRefused(f"Line {number}: give a title, and a weight from 1 to 10 after | if any.")
        key = slugify(title)[:40].replace("-", "_") or f"criterion_{number}"
        while key in keys:
            key = f"{key}_{number}"
        keys.add(key)
        criteria.append({"key": key, "title": title, "weight": weight})
    if not criteria:
        raise FundSetupRefused("Give at least one criterion reviewers score.")
    return criteria


def lines_from_criteria(criteria: list[dict[str, object]]) -> str:
    return "\n".join(f"{item['title']} | {item['weight']}" for item in criteria)


def _check_scheme(scheme: Scheme) -> None:
    amounts = [scheme.minimum_grant, scheme.maximum_grant, scheme.hourly_rate, scheme.place_value, scheme.quotes_above]
    if any(amount < 0 for amount in amounts):
        raise FundSetupRefused("Amounts cannot be below zero.")
    if scheme.maximum_grant < scheme.minimum_grant:
        raise FundSetupRefused("The maximum grant must be at least the minimum.")
    if scheme.kind == Scheme.Kind.TECHNOLOGY_GRANT and not scheme.eligible_cost_types:
        raise FundSetupRefused("Choose the costs a technology grant pays for.")
    if scheme.kind == Scheme.Kind.INTERNSHIP and (scheme.hourly_rate <= 0 or scheme.maximum_hours <= 0):
        raise FundSetupRefused("An internship scheme needs its hourly rate and its most hours.")
    if scheme.kind == Scheme.Kind.LEADERSHIP and scheme.place_value <= 0:
        raise FundSetupRefused("A leadership scheme needs the value of a place.")
    if scheme.quotes_required and scheme.quotes_above <= 0:
        raise FundSetupRefused("Say from what amount a cost line needs its quotes.")


@transaction.atomic
def scheme_create(*, fund: Fund, actor: User, **values: object) -> Scheme:
    scheme = Scheme(fund=fund, **{k: v for k, v in values.items() if k in SCHEME_FIELDS})
    _check_scheme(scheme)
    scheme.full_clean()
    scheme.save()
    audit_record(scheme, action=Action.CREATED, actor=actor, comment=f"Scheme of {fund.name}")
    return scheme


@transaction.atomic
def scheme_update(scheme: Scheme, *, actor: User, **values: object) -> list[str]:
    """Change the scheme's rules; they apply to applications decided from now on, not to grants already offered."""
    changed = _changed(scheme, SCHEME_FIELDS, values)
    if "kind" in changed and scheme.applications.exists():
        raise FundSetupRefused("Companies have applied to this scheme: its type stays. Set up a new scheme instead.")
    for field in changed:
        setattr(scheme, field, values[field])
    if changed:
        _check_scheme(scheme)
        scheme.full_clean()
        scheme.save()
        audit_record(scheme, action=Action.CHANGED, actor=actor, comment="Changed: " + _labels(Scheme, changed))
    return changed
