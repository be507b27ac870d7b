from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from adopt.companies.selectors import company_verdict, subsidy_received
from adopt.core.audit import Action, audit_trail
from adopt.core.models import AuditEvent
from adopt.funding.models import Fund, FundYear, GrantApplication, LedgerEntry, Scheme
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
from adopt.funding.workflow import AWARDED, OPEN, PIPELINE, Status

ZERO = Decimal("0")


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
    )


def grant_calculation(application: GrantApplication) -> GrantCalculation:
    lines = [CostLine(c.description, c.cost_type, c.amount) for c in application.costs.all()]
    return calculate_grant(lines, scheme_rules(application.scheme), application.hours, application.places)


def checks_for(application: GrantApplication) -> list[Check]:
    company = application.company
    verdict = company_verdict(company)
    duplicate = (
        GrantApplication.objects.filter(company=company, project_key=application.project_key, status__in=OPEN)
        .exclude(pk=application.pk)
        .exists()
        if application.project_key
        else False
    )
    facts = ApplicationFacts(
        company_eligibility=verdict.overall.value,
        eligibility_summary=verdict.summary,
        calculation=grant_calculation(application),
        subsidy_received=subsidy_received(company, timezone.localdate()),
        subsidy_allowance=company.programme.subsidy_allowance_gbp,
        duplicate_open_application=duplicate,
        match_funding_evidenced=application.documents.filter(kind="match_funding").exists(),
        cost_lines=application.costs.count(),
    )
    return application_checks(facts, scheme_rules(application.scheme))


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
    applications = GrantApplication.objects.filter(scheme__fund=fund)
    pipeline_by_year = dict(
        applications.filter(status__in=PIPELINE).values_list("financial_year").annotate(total=Sum("grant_requested"))
    )
    claimed_by_year = dict(
        applications.filter(status__in=[Status.CLAIMED, Status.CLAIM_APPROVED])
        .values_list("financial_year")
        .annotate(total=Sum("claims__amount", filter=Q(claims__status__in=["submitted", "approved"])))
    )
    years = [
        YearFigures(
            y.year,
            f"{y.year}/{str(y.year + 1)[-2:]}",
            y.budget,
            y.committed,
            claimed_by_year.get(y.year) or ZERO,
            y.paid,
            y.remaining,
            pipeline_by_year.get(y.year) or ZERO,
        )
        for y in FundYear.objects.filter(fund=fund).order_by("year")
    ]
    awarded = applications.filter(status__in=AWARDED)
    costs = awarded.aggregate(total=Sum("costs__amount"))["total"] or ZERO
    awards = awarded.aggregate(total=Sum("award"))["total"] or ZERO
    counts = dict(applications.values_list("status").annotate(n=Count("pk")))
    by_status = {label: counts[value] for value, label in GrantApplication.Status.choices if value in counts}
    return FundSummary(
        fund,
        years,
        sum((y.budget for y in years), ZERO),
        sum((y.committed for y in years), ZERO),
        sum((y.paid for y in years), ZERO),
        sum((y.remaining for y in years), ZERO),
        sum((y.pipeline for y in years), ZERO),
        max(costs - awards, ZERO),
        by_status,
    )


def ledger_for(fund: Fund) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(fund_year__fund=fund).select_related("fund_year", "application__company", "actor")


NEXT_STEPS = {
    "draft": "Add the costs and evidence, check that every rule is met, then submit.",
    "returned": "Make the changes the reviewer asked for, then resubmit.",
    "submitted": "A technology adviser will start the review.",
    "in_review": "The adviser reviews the application against the scheme's criteria.",
    "recommended": "A programme manager decides whether to approve the grant.",
    "approved": "Accept the offer to start the project.",
    "offer_accepted": "Buy and install, then claim with the invoice and proof of payment.",
    "claimed": "The programme checks the claim.",
    "claim_approved": "The programme pays the claim.",
    "paid": "Claim the rest of the award, or the programme closes the grant.",
    "closed": "The grant is closed. Outcomes are followed up at 6, 12 and 24 months.",
    "rejected": "The application was not approved; the reason is in the timeline.",
    "withdrawn": "The application was withdrawn.",
}


def applications_for(companies_filter: QuerySet[GrantApplication], statuses: list[str]) -> QuerySet[GrantApplication]:
    return (
        companies_filter.filter(status__in=statuses)
        .select_related("company", "scheme", "recommended_by")
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by("submitted_at", "pk")
    )
