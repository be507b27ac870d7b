"""The evaluation's reads: every company a programme knows of with its baseline, treatment dates and outcomes, as
the groups, the dated treatment ledger and the `Panel` the estimators take. Queries are batched: a fixed number
whatever the programme's size."""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from adopt.assessments.models import Assessment
from adopt.companies.models import Company, SicCode
from adopt.core.money import round_half_up
from adopt.evaluation.disclosure import small
from adopt.evaluation.indicators import Indicator
from adopt.evaluation.models import AllocationDraw, CompanyBaseline, OutcomeObservation
from adopt.evaluation.panel import Draw, Firm, Observation, Panel
from adopt.evaluation.treatment import CompanyFacts, Definition, Group, group_of
from adopt.funding.models import GrantApplication, LedgerEntry, Scheme
from adopt.impact.arithmetic import restated
from adopt.impact.models import CompanyMilestones, FollowUpReport
from adopt.impact.periods import ALL_TIME, Period
from adopt.onboarding.models import Enquiry
from adopt.programmes.models import Programme
from adopt.roadmaps.models import Roadmap
from adopt.support.models import SupportEntry

OUTCOMES = {"employees": "employees", "turnover": "turnover_gbp", "gva": "gva_gbp"}
SECTOR_MINIMUM = 20  # a SIC division with fewer companies than this joins "other" in the propensity model


def programme_companies(programme: Programme) -> QuerySet[Company]:
    return Company.objects.filter(programme=programme)


def company_facts(companies: QuerySet[Company]) -> dict[int, CompanyFacts]:
    ids = companies.values("pk")  # a subquery, so a national programme never sends 100,000 ids as parameters
    milestones = {
        row["company_id"]: row
        for row in CompanyMilestones.objects.filter(company_id__in=ids).values(
            "company_id", "supported_on", "investing_on", "assessed_on", "engaged_on"
        )
    }
    applications = (
        GrantApplication.objects.filter(company_id__in=ids)
        .values("company_id")
        .annotate(
            refused=Count("pk", filter=Q(status=GrantApplication.Status.REJECTED)),
            withdrew=Count("pk", filter=Q(status=GrantApplication.Status.WITHDRAWN)),
        )
    )
    refused = {row["company_id"] for row in applications if row["refused"]}
    withdrew = {row["company_id"] for row in applications if row["withdrew"]}
    enquired = set(Enquiry.objects.filter(matched_company_id__in=ids).values_list("matched_company_id", flat=True))
    eligibility = dict(companies.values_list("pk", "eligibility"))
    facts = {}
    for company_id in eligibility:
        row: Mapping[str, object] = milestones.get(company_id, {})
        facts[company_id] = CompanyFacts(
            supported_on=_day(row.get("supported_on")),
            investing_on=_day(row.get("investing_on")),
            assessed_on=_day(row.get("assessed_on")),
            engaged_on=_day(row.get("engaged_on")),
            refused=company_id in refused,
            withdrew=company_id in withdrew,
            enquired=company_id in enquired,
            not_eligible=eligibility[company_id] == Company.Eligibility.NOT_ELIGIBLE,
        )
    return facts


def _day(value: object) -> datetime.date | None:
    return value if isinstance(value, datetime.date) else None


@dataclass(frozen=True)
class GroupCount:
    group: Group
    companies: int
    with_outcomes: int


def group_counts(programme: Programme) -> list[GroupCount]:
    """Every company of the programme in the one group it reached; the counts add up to the programme's companies."""
    companies = programme_companies(programme)
    facts = company_facts(companies)
    with_outcomes = set(
        OutcomeObservation.objects.filter(company__programme=programme).values_list("company_id", flat=True)
    )
    counts: dict[Group, list[int]] = {group: [0, 0] for group in Group}
    for company_id, one in facts.items():
        counts[group_of(one)][0] += 1
        counts[group_of(one)][1] += company_id in with_outcomes
    return [GroupCount(group, total, outcomes) for group, (total, outcomes) in counts.items()]


@dataclass(frozen=True)
class LedgerLine:
    on: datetime.date
    what: str
    hours: Decimal | None = None
    amount_gbp: Decimal | None = None


def treatment_ledger(company: Company) -> list[LedgerLine]:
    """Everything the programme did with the company, dated, oldest first."""
    lines = [
        LedgerLine(entry.delivered_on, f"Support: {entry.get_kind_display()}", hours=entry.hours)
        for entry in SupportEntry.objects.filter(company=company).order_by("delivered_on", "pk")
    ]
    for assessment in Assessment.objects.filter(company=company, status=Assessment.Status.SUBMITTED):
        if assessment.submitted_at:
            lines.append(
                LedgerLine(timezone.localdate(assessment.submitted_at), f"Assessed: score {assessment.overall_score}")
            )
    roadmap = Roadmap.objects.filter(company=company, agreed_at__isnull=False).first()
    if roadmap and roadmap.agreed_at:
        lines.append(LedgerLine(timezone.localdate(roadmap.agreed_at), "Roadmap agreed"))
    for application in GrantApplication.objects.filter(company=company).exclude(status=GrantApplication.Status.DRAFT):
        if application.submitted_at:
            lines.append(LedgerLine(timezone.localdate(application.submitted_at), f"Applied: {application.title}"))
        if application.decided_at and application.status in (
            GrantApplication.Status.REJECTED,
            GrantApplication.Status.WITHDRAWN,
        ):
            lines.append(LedgerLine(timezone.localdate(application.decided_at), f"{application.get_status_display()}"))
    for payment in LedgerEntry.objects.filter(application__company=company, kind=LedgerEntry.Kind.PAYMENT):
        lines.append(LedgerLine(timezone.localdate(payment.at), "Grant paid", amount_gbp=payment.amount))
    return sorted(lines, key=lambda line: line.on)


def _log_or_zero(value: Decimal | int | None) -> float:
    return math.log(float(value)) if value else 0.0


def _covariates(baselines: Iterable[CompanyBaseline], today: datetime.date) -> dict[int, dict[str, float]]:
    rows = list(baselines)
    divisions: dict[str, int] = defaultdict(int)
    for baseline in rows:
        divisions[baseline.primary_sic[:2]] += 1
    common = sorted(code for code, count in divisions.items() if code and count >= SECTOR_MINIMUM)
    covariates = {}
    for baseline in rows:
        division = baseline.primary_sic[:2]
        age = (today - baseline.incorporated_on).days / 365.25 if baseline.incorporated_on else 0.0
        covariates[baseline.company_id] = {
            "log_staff": _log_or_zero(baseline.staff_headcount),
            "staff_unknown": float(not baseline.staff_headcount),
            "log_turnover": _log_or_zero(baseline.turnover_gbp),
            "turnover_unknown": float(not baseline.turnover_gbp),
            "age_years": age,
            "age_unknown": float(baseline.incorporated_on is None),
            **{f"sic_{code}": float(division == code) for code in common},
        }
    return covariates


def panel_for(programme: Programme, *, outcome: str, definition: Definition) -> Panel:
    """Companies with a baseline and outcomes, treated from the year they reached the definition's stage."""
    field = OUTCOMES[outcome]
    rows = (
        OutcomeObservation.objects.filter(company__programme=programme, **{f"{field}__isnull": False})
        .values_list("company_id", "year", field)
        .order_by("company_id", "year")
    )
    observations = [Observation(company_id, year, float(value)) for company_id, year, value in rows]
    with_outcomes = {row.firm for row in observations}
    baselines = CompanyBaseline.objects.filter(company_id__in=with_outcomes)
    covariates = _covariates(baselines, timezone.localdate())
    started = dict(
        CompanyMilestones.objects.filter(
            company_id__in=with_outcomes, **{f"{definition.milestone}__isnull": False}
        ).values_list("company_id", definition.milestone)
    )
    firms = tuple(
        Firm(company_id, started[company_id].year if company_id in started else None, covariates[company_id])
        for company_id in sorted(covariates)
    )
    kept = set(covariates)
    return Panel(outcome, firms, tuple(row for row in observations if row.firm in kept))


def outcomes_missing_baseline(programme: Programme) -> int:
    return (
        OutcomeObservation.objects.filter(company__programme=programme, company__baseline__isnull=True)
        .values("company_id")
        .distinct()
        .count()
    )


def baselines_taken_late(programme: Programme) -> int:
    """Baselines taken after the company's first contact: they may already show some of support's effect."""
    return CompanyBaseline.objects.filter(
        company__programme=programme,
        company__milestones__engaged_on__isnull=False,
        captured_on__gt=F("company__milestones__engaged_on"),
    ).count()


def allocation_draws(programme: Programme) -> QuerySet[AllocationDraw]:
    return AllocationDraw.objects.filter(programme=programme).select_related("drawn_by").order_by("-created_at")


def draws_of(draws: Iterable[AllocationDraw]) -> list[Draw]:
    return [
        Draw(timezone.localdate(draw.created_at).year, frozenset(draw.candidates), frozenset(draw.selected))
        for draw in draws
    ]


# Funder indicators: each rule of `indicators.Rule` as the query that counts it for a programme and a period.


def _within(day: datetime.date | None, period: Period) -> bool:
    if day is None:
        return False
    return (period.starts_on is None or day >= period.starts_on) and (period.ends_on is None or day <= period.ends_on)


@dataclass(frozen=True)
class IndicatorFigure:
    value: Decimal
    companies: int  # distinct companies behind the value, to hide a figure that would show one company


def _counted(company_ids: Iterable[int]) -> IndicatorFigure:
    ids = set(company_ids)
    return IndicatorFigure(Decimal(len(ids)), len(ids))


def _companies_reached(programme: Programme, period: Period, stage: str) -> IndicatorFigure:
    rows = CompanyMilestones.objects.filter(company__programme=programme).values_list("company_id", f"{stage}_on")
    return _counted(company_id for company_id, day in rows if _within(day, period))


def _companies_with_hours(programme: Programme, period: Period, minimum_hours: int) -> IndicatorFigure:
    """Companies whose running total of support hours reached the minimum within the period: the day each
    reached it worked out in the database (a running sum by day), as `hours_reached_on` does for one company."""
    support, companies = SupportEntry._meta.db_table, Company._meta.db_table
    statement = f"""
        SELECT company_id, MIN(delivered_on) FROM (
            SELECT s.company_id, s.delivered_on,
                   SUM(CAST(ROUND(s.hours * 100) AS INTEGER))
                       OVER (PARTITION BY s.company_id ORDER BY s.delivered_on) AS running
            FROM {support} s JOIN {companies} c ON c.id = s.company_id
            WHERE c.programme_id = %s
        ) AS running_totals
        WHERE running >= %s
        GROUP BY company_id
    """  # noqa: S608  (table names from the models; the values are parameters)
    with connection.cursor() as cursor:
        # In whole hundredths of an hour: SQLite keeps decimals as binary floats, which can sum 12.00 to 11.999….
        cursor.execute(statement, [programme.pk, minimum_hours * 100])
        reached = cursor.fetchall()
    return _counted(company_id for company_id, day in reached if _within(_as_date(day), period))


def _as_date(value: datetime.date | str) -> datetime.date:
    """SQLite hands back a date from raw SQL as its ISO text."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _new_enterprises(programme: Programme, period: Period, maximum_age_years: int) -> IndicatorFigure:
    rows = CompanyMilestones.objects.filter(
        company__programme=programme, supported_on__isnull=False, company__incorporated_on__isnull=False
    ).values_list("company_id", "supported_on", "company__incorporated_on")
    return _counted(
        company_id
        for company_id, supported_on, incorporated_on in rows
        if supported_on
        and incorporated_on
        and _within(supported_on, period)
        and (supported_on - incorporated_on).days < 365.25 * maximum_age_years
    )


def _private_match_on_grants(programme: Programme, period: Period) -> IndicatorFigure:
    total, companies = Decimal(0), set()
    payments = LedgerEntry.objects.filter(
        application__company__programme=programme, kind=LedgerEntry.Kind.PAYMENT
    ).values_list("application__company_id", "at", "amount", "application__scheme__intervention_rate")
    for company_id, at, amount, rate in payments:
        if _within(timezone.localdate(at), period):
            total += round_half_up(amount * (1 - rate) / rate, 2)
            companies.add(company_id)
    return IndicatorFigure(total, len(companies))


def _employment_increase(programme: Programme, period: Period) -> IndicatorFigure:
    """Outcome employees after support less outcome employees in the last year before it: one measure on both
    sides (the register's), so a difference of definitions is never counted as a job."""
    supported = {
        company_id: day.year
        for company_id, day in CompanyMilestones.objects.filter(
            company__programme=programme, supported_on__isnull=False
        ).values_list("company_id", "supported_on")
        if day is not None and (period.ends_on is None or day <= period.ends_on)
    }
    last_year = period.ends_on.year if period.ends_on else None
    before: dict[int, Decimal] = {}
    after: dict[int, Decimal] = {}
    outcomes = OutcomeObservation.objects.filter(
        company__programme=programme, company__milestones__supported_on__isnull=False, employees__isnull=False
    ).order_by("year")
    for company_id, year, employees in outcomes.values_list("company_id", "year", "employees"):
        if company_id not in supported or employees is None:
            continue
        if year < supported[company_id]:
            before[company_id] = employees
        elif last_year is None or year <= last_year:
            after[company_id] = employees
    grew = [company_id for company_id in after if company_id in before and after[company_id] > before[company_id]]
    return IndicatorFigure(sum((after[c] - before[c] for c in grew), Decimal(0)), len(grew))


def _technology_adopters(programme: Programme, period: Period) -> IndicatorFigure:
    first = (
        LedgerEntry.objects.filter(
            application__company__programme=programme,
            kind=LedgerEntry.Kind.PAYMENT,
            application__scheme__kind=Scheme.Kind.TECHNOLOGY_GRANT,
        )
        .values("application__company_id")
        .annotate(first=Min("at"))
        .values_list("application__company_id", "first")
    )
    return _counted(company_id for company_id, at in first if _within(timezone.localdate(at), period))


def _jobs_reported(programme: Programme, period: Period) -> IndicatorFigure:
    reports = FollowUpReport.objects.filter(application__company__programme=programme).values_list(
        "application_id", "application__company_id", "reported_on", "months", "jobs_created"
    )
    facts = [fact for fact in restated(reports) if _within(fact.on, period)]
    return IndicatorFigure(
        sum((fact.amount for fact in facts), Decimal(0)), len({fact.company for fact in facts if fact.amount})
    )


def indicator_value(indicator: Indicator, programme: Programme, period: Period) -> IndicatorFigure:
    params = indicator.params
    match indicator.rule:
        case "companies_reached":
            return _companies_reached(programme, period, str(params["stage"]))
        case "companies_with_hours":
            return _companies_with_hours(programme, period, int(params["minimum_hours"]))
        case "new_enterprises":
            return _new_enterprises(programme, period, int(params["maximum_age_years"]))
        case "private_match_on_grants":
            return _private_match_on_grants(programme, period)
        case "employment_increase":
            return _employment_increase(programme, period)
        case "technology_adopters":
            return _technology_adopters(programme, period)
        case "jobs_reported":
            return _jobs_reported(programme, period)


WHOLE_PERIODS_ONLY = "Choose a financial year, like 2026-27, or all: dates are for programme staff."


def indicator_shown(
    indicator: Indicator, programme: Programme, period: Period, *, hide_small: bool
) -> IndicatorFigure | None:
    """The figure, or None for someone who sees aggregates only where it rests on 1 to 4 companies, or where the
    rest of all time would (all time less this period gives the rest away)."""
    figure = indicator_value(indicator, programme, period)
    if not hide_small:
        return figure
    if small(figure.companies):
        return None
    if period.starts_on is not None or period.ends_on is not None:
        everything = indicator_value(indicator, programme, ALL_TIME)
        if small(everything.companies - figure.companies):
            return None
    return figure


ONS_MATCHING_COLUMNS = (
    "reference",
    "company_number",
    "name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "vat_number",
    "paye_reference",
)


def ons_matching_rows(programme: Programme) -> Iterable[tuple[object, ...]]:
    """Every company of the programme, supported or not, in the layout of `ONS_MATCHING_COLUMNS`: what the ONS
    business register's matching service takes to find each business's reference."""
    return (
        Company.objects.filter(programme=programme)
        .order_by("pk")
        .values_list(
            "pk",
            "companies_house_number",
            "name",
            "address_line_1",
            "address_line_2",
            "post_town",
            "postcode",
            "vat_number",
            "paye_reference",
        )
        .iterator(chunk_size=5000)
    )


def placed_companies(programme: Programme) -> set[int]:
    """Companies given a place by any of the programme's draws."""
    return {
        pk
        for selected in AllocationDraw.objects.filter(programme=programme).values_list("selected", flat=True)
        for pk in selected
    }


def draw_candidates(programme: Programme) -> QuerySet[Company]:
    """Companies waiting for a place: eligible, not yet supported, and not given a place by an earlier draw."""
    return (
        Company.objects.filter(programme=programme, eligibility=Company.Eligibility.ELIGIBLE)
        .exclude(milestones__supported_on__isnull=False)
        .exclude(pk__in=placed_companies(programme))
    )


BASELINE_LABELS = {
    "log_staff": "Staff (log of headcount)",
    "staff_unknown": "Staff not known",
    "log_turnover": "Turnover (log)",
    "turnover_unknown": "Turnover not known",
    "age_years": "Age in years",
    "age_unknown": "Age not known",
}


def covariate_labels(names: Iterable[str]) -> dict[str, str]:
    """Words for the baseline figures the propensity model uses; a SIC division by its name."""
    wanted = list(names)
    divisions = dict(
        SicCode.objects.filter(
            level=SicCode.Level.DIVISION, code__in=[name[4:] for name in wanted if name.startswith("sic_")]
        ).values_list("code", "description")
    )
    labels = {}
    for name in wanted:
        if name.startswith("sic_"):
            code = name[4:]
            labels[name] = f"SIC {code}: {divisions.get(code, 'division')}"
        else:
            labels[name] = BASELINE_LABELS.get(name, name.replace("_", " "))
    return labels
