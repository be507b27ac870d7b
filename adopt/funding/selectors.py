import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, prefetch_related_objects
from django.utils import timezone

from adopt.companies.models import Company
from adopt.companies.selectors import company_verdicts, subsidies_received
from adopt.companies.subsidy_control import mfa_rules
from adopt.core.audit import Action, audit_trail
from adopt.core.financial_years import financial_year_of
from adopt.core.models import AuditEvent
from adopt.funding.models import (
    Claim,
    CostItem,
    Document,
    Fund,
    FundYear,
    GrantApplication,
    LedgerEntry,
    PaymentRun,
    Scheme,
)
from adopt.funding.rules import (
    ApplicationFacts,
    Check,
    CostLine,
    GrantCalculation,
    SchemeKind,
    SchemeRules,
    application_checks,
    calculate_grant,
)
from adopt.funding.workflow import AWARDED, CLAIM_OPEN, OPEN, PIPELINE

ZERO = Decimal("0")
CLAIMS_UNPAID = [Claim.Status.SUBMITTED, Claim.Status.APPROVED]


def scheme_rules(scheme: Scheme) -> SchemeRules:
    return SchemeRules(
        kind=SchemeKind(scheme.kind),
        intervention_rate=Decimal(str(scheme.intervention_rate)),
        minimum_grant=Decimal(str(scheme.minimum_grant)),
        maximum_grant=Decimal(str(scheme.maximum_grant)),
        eligible_cost_types=frozenset(scheme.eligible_cost_types),
        hourly_rate=Decimal(str(scheme.hourly_rate)),
        maximum_hours=int(scheme.maximum_hours),
        place_value=Decimal(str(scheme.place_value)),
        required_documents=tuple(
            (kind, Document.Kind(kind).label) for kind in scheme.required_documents if kind in Document.Kind.values
        ),
        quotes_required=int(scheme.quotes_required),
        quotes_above=Decimal(str(scheme.quotes_above)),
    )


def grant_calculation(application: GrantApplication) -> GrantCalculation:
    lines = [CostLine(c.description, c.cost_type, c.amount) for c in application.costs.all()]
    return calculate_grant(lines, scheme_rules(application.scheme), application.hours, application.places)


def checks_for(application: GrantApplication, today: datetime.date | None = None) -> list[Check]:
    return checks_for_many([application], today)[application.pk]


@dataclass(frozen=True)
class AdoptAward:
    application_id: int
    decided_on: datetime.date
    award: Decimal


def adopt_awards(company_ids: Iterable[int], since: datetime.date) -> dict[int, list[AdoptAward]]:
    """Grants awarded through Adopt to each company, in any programme, decided on or after `since`: the public money
    the subsidy allowance counts alongside what the company declares from other bodies."""
    found: dict[int, list[AdoptAward]] = {}
    # Withdrawn after money was paid: the award was cut to what was paid, and that money counts.
    counted = Q(status__in=AWARDED) | Q(status=GrantApplication.Status.WITHDRAWN, award__gt=0)
    rows = GrantApplication.objects.filter(
        counted, company_id__in=list(company_ids), decided_at__isnull=False
    ).values_list("company_id", "pk", "decided_at", "award")
    for company_id, pk, decided_at, award in rows:
        decided_on = timezone.localdate(decided_at)
        if decided_on >= since:
            found.setdefault(company_id, []).append(AdoptAward(pk, decided_on, award))
    return found


def subsidy_headroom(company: Company, today: datetime.date) -> Decimal | None:
    """What the company may still receive under the allowance: less what it declared and what Adopt awarded it in
    the window; None until it has declared."""
    declared = subsidies_received([company], today)[company.pk]
    if declared is None:
        return None
    rules = mfa_rules()
    start = rules.window_start(today)
    awarded = sum((award.award for award in adopt_awards([company.pk], start).get(company.pk, [])), Decimal("0"))
    return max(rules.limit_on(today).limit - declared - awarded, Decimal("0"))


def checks_for_many(
    applications: Sequence[GrantApplication], today: datetime.date | None = None
) -> dict[int, list[Check]]:
    """Each application's checks, in a fixed number of queries however many there are: for boards and lists."""
    if not applications:
        return {}
    today = today or timezone.localdate()
    prefetch_related_objects(list(applications), "costs", "company__programme", "scheme")
    companies = [application.company for application in applications]
    verdicts = company_verdicts(companies)
    subsidies = subsidies_received(companies, today)
    rules = mfa_rules()
    start = rules.window_start(today)
    limit = rules.limit_on(today).limit
    awards = adopt_awards({c.pk for c in companies}, start)
    attached: dict[int, list[str]] = {}
    for application_id, kind in Document.objects.filter(application__in=applications).values_list(
        "application_id", "kind"
    ):
        attached.setdefault(application_id, []).append(kind)
    keyed = [a for a in applications if a.project_key]
    open_by_project: dict[tuple[int, str], set[int]] = {}
    if keyed:
        same_projects = GrantApplication.objects.filter(
            company_id__in={a.company_id for a in keyed},
            project_key__in={a.project_key for a in keyed},
            status__in=OPEN,
        )
        for pk, company_id, project_key in same_projects.values_list("pk", "company_id", "project_key"):
            open_by_project.setdefault((company_id, project_key), set()).add(pk)
    checks = {}
    for application in applications:
        verdict = verdicts[application.company_id]
        others = open_by_project.get((application.company_id, application.project_key), set()) - {application.pk}
        facts = ApplicationFacts(
            company_eligibility=verdict.overall.value,
            eligibility_summary=verdict.summary,
            calculation=grant_calculation(application),
            subsidy_received=subsidies[application.company_id],
            subsidy_allowance=limit,
            duplicate_open_application=bool(application.project_key and others),
            match_funding_evidenced=Document.Kind.MATCH_FUNDING in attached.get(application.pk, []),
            cost_lines=len(application.costs.all()),
            documents_attached=frozenset(attached.get(application.pk, [])),
            quotes_attached=attached.get(application.pk, []).count(Document.Kind.QUOTE),
            cost_amounts=tuple(cost.amount for cost in application.costs.all()),
        )
        counted = [award for award in awards.get(application.company_id, []) if award.application_id != application.pk]
        facts = dataclasses.replace(
            facts,
            awarded_in_adopt=sum((award.award for award in counted), Decimal("0")),
            awards_counted=len(counted),
            window_starts=start,
        )
        checks[application.pk] = application_checks(facts, scheme_rules(application.scheme))
    return checks


# Steps of the staff's own work, left out of the timeline the company reads.
STAFF_ONLY_ACTIONS = (Action.REVIEWED,)


def application_timeline(application: GrantApplication, *, for_staff: bool) -> QuerySet[AuditEvent]:
    events = audit_trail(GrantApplication, application.pk)
    return events if for_staff else events.exclude(action__in=STAFF_ONLY_ACTIONS)


@dataclass(frozen=True)
class YearFigures:
    year: int
    label: str
    budget: Decimal
    committed: Decimal
    claimed: Decimal
    paid: Decimal
    remaining: Decimal
    pipeline: Decimal  # requested by open applications not yet approved

    @property
    def forecast(self) -> Decimal:
        """What the year is likely to spend: everything committed plus the undecided pipeline."""
        return self.committed + self.pipeline


@dataclass(frozen=True)
class FundSummary:
    fund: Fund
    years: list[YearFigures]
    total_budget: Decimal
    total_committed: Decimal
    total_paid: Decimal
    total_remaining: Decimal
    pipeline: Decimal
    match_funding: Decimal  # the companies' share of the costs of awarded projects
    by_status: dict[str, int]


def fund_summary(fund: Fund) -> FundSummary:
    return fund_summaries([fund])[0]


def fund_summaries(funds: Sequence[Fund]) -> list[FundSummary]:
    """Each fund's years and totals, in the same few queries however many funds there are."""
    applications = GrantApplication.objects.filter(scheme__fund__in=funds)
    by_fund_year = ("scheme__fund_id", "financial_year")
    pipeline = _keyed(
        applications.filter(status__in=PIPELINE).values_list(*by_fund_year).annotate(total=Sum("grant_requested"))
    )
    claimed = _keyed(
        applications.filter(status__in=CLAIM_OPEN)
        .values_list(*by_fund_year)
        .annotate(total=Sum("claims__amount", filter=Q(claims__status__in=CLAIMS_UNPAID)))
    )
    awarded = applications.filter(status__in=AWARDED)
    costs = dict(awarded.values_list("scheme__fund_id").annotate(total=Sum("costs__amount")))
    awards = dict(awarded.values_list("scheme__fund_id").annotate(total=Sum("award")))
    counts: dict[int, dict[str, int]] = {}
    for fund_id, status, n in applications.values_list("scheme__fund_id", "status").annotate(n=Count("pk")):
        counts.setdefault(fund_id, {})[status] = n
    years_of: dict[int, list[FundYear]] = {}
    for year in FundYear.objects.filter(fund__in=funds).order_by("year"):
        years_of.setdefault(year.fund_id, []).append(year)
    summaries = []
    for fund in funds:
        years = [
            YearFigures(
                y.year,
                f"{y.year}/{str(y.year + 1)[-2:]}",
                y.budget,
                y.committed,
                claimed.get((fund.pk, y.year)) or ZERO,
                y.paid,
                y.remaining,
                pipeline.get((fund.pk, y.year)) or ZERO,
            )
            for y in years_of.get(fund.pk, [])
        ]
        fund_counts = counts.get(fund.pk, {})
        summaries.append(
            FundSummary(
                fund,
                years,
                sum((y.budget for y in years), ZERO),
                sum((y.committed for y in years), ZERO),
                sum((y.paid for y in years), ZERO),
                sum((y.remaining for y in years), ZERO),
                sum((y.pipeline for y in years), ZERO),
                max((costs.get(fund.pk) or ZERO) - (awards.get(fund.pk) or ZERO), ZERO),
                {label: fund_counts[value] for value, label in GrantApplication.Status.choices if value in fund_counts},
            )
        )
    return summaries


def _keyed(rows: Iterable[tuple[int, int, Decimal | None]]) -> dict[tuple[int, int], Decimal | None]:
    return {(fund_id, year): total for fund_id, year, total in rows}


def ledger_for(fund: Fund) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(fund_year__fund=fund).select_related("fund_year", "application__company", "actor")


def applications_for(companies_filter: QuerySet[GrantApplication], statuses: list[str]) -> QuerySet[GrantApplication]:
    return (
        companies_filter.filter(status__in=statuses)
        .select_related("company", "scheme__fund", "recommended_by")
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class SchemeSummary:
    """A scheme's rules in words, for the applicant to read before they start."""

    pays: str
    limits: str
    cost_types: list[str]
    documents: list[str]
    quotes: str
    claim: str


def scheme_summary(scheme: Scheme) -> SchemeSummary:
    rules = scheme_rules(scheme)
    if rules.kind is SchemeKind.INTERNSHIP:
        pays = f"£{rules.hourly_rate:,.2f} an hour of an intern's time, for up to {rules.maximum_hours} hours."
    elif rules.kind is SchemeKind.LEADERSHIP:
        pays = f"£{rules.place_value:,.2f} for each place on the leadership programme."
    else:
        pays = f"{rules.intervention_rate:.0%} of the eligible costs; the business pays the rest."
    limits = f"Grants from £{rules.minimum_grant:,.2f} to £{rules.maximum_grant:,.2f}."
    labels = dict(CostItem.Type.choices)
    cost_types = [str(labels.get(kind, kind)) for kind in scheme.eligible_cost_types]
    documents = [label for _, label in rules.required_documents]
    if rules.kind is SchemeKind.TECHNOLOGY_GRANT and str(Document.Kind.MATCH_FUNDING.label) not in documents:
        documents.append(str(Document.Kind.MATCH_FUNDING.label))
    quotes = (
        f"{rules.quotes_required} supplier quotes for each cost of £{rules.quotes_above:,.2f} or more."
        if rules.quotes_required
        else "No quotes are needed."
    )
    claim = f"Claim within {scheme.claim_months} months of the offer, with invoices and proof of payment."
    return SchemeSummary(pays, limits, cost_types, documents, quotes, claim)


def awards_in_window(application: GrantApplication, since: datetime.date) -> list[AdoptAward]:
    """The company's other awards through Adopt from `since`: what the headroom confirmation is asked beside."""
    awards = adopt_awards([application.company_id], since).get(application.company_id, [])
    return [award for award in awards if award.application_id != application.pk]


def payment_runs(fund: Fund) -> list[tuple[PaymentRun, int, Decimal]]:
    """The fund's runs, newest first, each with its number of claims and total."""
    runs = fund.payment_runs.annotate(n=Count("claims"), total=Sum("claims__amount")).order_by("-created_at", "-pk")
    return [(run, run.n, run.total or ZERO) for run in runs]


@dataclass(frozen=True)
class Waiting:
    claims: int
    total: Decimal
    held: list[Claim]  # approved, but the grant's budget year is not this one: they cannot go in a run


def claims_waiting_for_a_run(fund: Fund, today: datetime.date | None = None) -> Waiting:
    this_year = financial_year_of(today or timezone.localdate())
    waiting = Claim.objects.filter(
        application__scheme__fund=fund,
        application__status=GrantApplication.Status.CLAIM_APPROVED,
        status=Claim.Status.APPROVED,
        payment_run__isnull=True,
    )
    payable = waiting.filter(application__financial_year=this_year).aggregate(n=Count("pk"), total=Sum("amount"))
    held = list(waiting.exclude(application__financial_year=this_year).select_related("application").order_by("pk"))
    return Waiting(payable["n"], payable["total"] or ZERO, held)
