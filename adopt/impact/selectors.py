import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.utils import timezone

from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.core.financial_years import add_months, financial_year_ends, financial_year_of, financial_year_starts
from adopt.economics.figures import carbon_factors, manufacturing_gva_per_job
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.funding.workflow import AWARDED
from adopt.impact.arithmetic import Fact, restated, scaled
from adopt.impact.calibration import History
from adopt.impact.checks import ReportFacts
from adopt.impact.kpis import Assumptions, KpiReport, Method, default_assumptions
from adopt.impact.kpis import kpi_report as assemble_kpi_report
from adopt.impact.milestones import MilestoneFacts
from adopt.impact.model import Additionality, persistence_factor
from adopt.impact.models import CompanyMilestones, FollowUpReport, ProgrammeAssumptions
from adopt.impact.periods import Period, spans_of
from adopt.programmes.models import Programme, Target
from adopt.roadmaps.models import Roadmap
from adopt.support.models import CohortPlace, Internship, SupportedRule, SupportEntry, UpskilledRole
from adopt.support.rules import SupportedRuleFacts

FOLLOW_UP_MONTHS = (6, 12, 24)
INVESTMENT_FIELDS = ("investment_plant", "investment_it", "investment_training")
DUE_SOON_DAYS = 30
STAGE_MEASURES = {
    "engaged": "engaged",
    "assessed": "assessed",
    "supported": "supported",
    "roadmaps": "roadmap",
    "investing": "investing",
}


@dataclass(frozen=True)
class DueFollowUp:
    application: GrantApplication
    months: int
    paid_on: datetime.date
    due_on: datetime.date
    overdue: bool


def paid_applications(applications: QuerySet[GrantApplication]) -> QuerySet[GrantApplication]:
    """Applications with a payment, annotated with when the first payment was made."""
    return (
        applications.annotate(first_paid=Min("ledger__at", filter=Q(ledger__kind=LedgerEntry.Kind.PAYMENT)))
        .filter(first_paid__isnull=False)
        .select_related("company", "company__adviser")
    )


def follow_ups_due(applications: QuerySet[GrantApplication], today: datetime.date) -> list[DueFollowUp]:
    """Follow-ups due within 30 days or overdue and not yet reported, soonest first."""
    paid = list(paid_applications(applications))
    recorded = set(
        FollowUpReport.objects.filter(application__in=[a.pk for a in paid]).values_list("application_id", "months")
    )
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = []
    for application in paid:
        paid_on = application.first_paid.date()  # type: ignore[attr-defined]  # from the annotation
        for months in FOLLOW_UP_MONTHS:
            due_on = add_months(paid_on, months)
            if due_on <= horizon and (application.pk, months) not in recorded:
                due.append(DueFollowUp(application, months, paid_on, due_on, due_on < today))
    return sorted(due, key=lambda item: item.due_on)


def report_facts(application: GrantApplication, today: datetime.date) -> ReportFacts | None:
    """What a report on this application must fit; None when the grant has not been paid."""
    paid = paid_applications(GrantApplication.objects.filter(pk=application.pk)).first()
    if paid is None:
        return None
    roadmap = Roadmap.objects.filter(company_id=application.company_id).first()
    return ReportFacts(
        paid_on=paid.first_paid.date(),  # type: ignore[attr-defined]  # from the annotation
        today=today,
        staff=application.company.staff_headcount,
        electricity_kwh=roadmap.electricity_kwh if roadmap else None,
        gas_kwh=roadmap.gas_kwh if roadmap else None,
    )


def within_period(field: str, period: Period) -> Q:
    q = Q()
    if period.starts_on:
        q &= Q(**{f"{field}__gte": period.starts_on})
    if period.ends_on:
        q &= Q(**{f"{field}__lte": period.ends_on})
    return q


def assumptions_for(programmes: list[Programme]) -> Assumptions:
    """The programmes' own assumptions where every one has them and they agree; Adopt's defaults otherwise."""
    default = default_assumptions()
    rows = list(ProgrammeAssumptions.objects.filter(programme__in=programmes))
    figures = {
        (r.deadweight, r.leakage, r.displacement, r.substitution, r.multiplier, r.persistence_years, r.decay)
        for r in rows
    }
    if len(rows) != len(programmes) or len(figures) != 1:
        return default
    row = rows[0]
    additionality = Additionality(
        row.deadweight, row.leakage, row.displacement, row.substitution, row.multiplier, row.source
    )
    return Assumptions(additionality, row.persistence_years, row.decay, default.discount_rate)


def gva_per_job_for(programmes: list[Programme]) -> Any:
    """ONS GVA per job for the programmes' region, or the UK's when they span several."""
    regions = {p.region.code for p in programmes if p.region_id}
    return manufacturing_gva_per_job(regions.pop() if len(regions) == 1 else None)


def programme_targets(programmes: list[Programme], period: Period | None = None) -> dict[str, Decimal]:
    """Each metric's target summed over the programmes: over their whole periods, or, when the period is one
    financial year and every programme has its own target for that year, the year's targets."""
    targets: dict[str, Decimal] = {}
    rows = Target.objects.filter(programme__in=programmes)
    for metric, value in rows.filter(year__isnull=True).values_list("metric", "value"):
        targets[metric] = targets.get(metric, Decimal(0)) + value
    year = _financial_year_of_period(period)
    if year is None:
        return targets
    yearly: dict[str, tuple[Decimal, int]] = {}
    for metric, value in rows.filter(year=year).values_list("metric", "value"):
        total, count = yearly.get(metric, (Decimal(0), 0))
        yearly[metric] = (total + value, count + 1)
    for metric, (total, count) in yearly.items():
        if count == len(programmes):
            targets[metric] = total
    return targets


def _financial_year_of_period(period: Period | None) -> int | None:
    if period is None or period.starts_on is None or period.ends_on is None:
        return None
    year = financial_year_of(period.starts_on)
    exact = period.starts_on == financial_year_starts(year) and period.ends_on == financial_year_ends(year)
    return year if exact else None


def _dated(rows: Iterable[tuple[Any, Any, Any]]) -> list[Fact]:
    """(day, company, amount) rows as facts, days given as dates or as moments in local time."""
    facts = []
    for day, company, amount in rows:
        if day is None:
            continue
        on = timezone.localdate(day) if isinstance(day, datetime.datetime) else day
        facts.append(Fact(on, Decimal(amount or 0), company))
    return facts


def _first_reached(milestones: QuerySet[CompanyMilestones], stage: str) -> list[Fact]:
    """Companies by the day they first reached the stage: one row a day, the count standing for its companies."""
    field = f"{stage}_on"
    rows = milestones.filter(**{f"{field}__isnull": False}).values_list(field).annotate(n=Count("pk")).order_by()
    return [Fact(day, Decimal(n), None) for day, n in rows]


def _first_reached_by_stage(ids: list[int] | None) -> dict[str, list[Fact]]:
    """Every stage's companies by the day they first reached it, for the programmes (`None`: all of them).

    On PostgreSQL one pass over the programmes' milestones counts every stage (GROUPING SETS), where a query per
    stage would join the national milestones to the companies once for each."""
    milestones = CompanyMilestones.objects.all()
    if ids is not None:
        milestones = milestones.filter(company__programme_id__in=ids)
    if connection.vendor != "postgresql":
        return {key: _first_reached(milestones, stage) for key, stage in STAGE_MEASURES.items()}
    columns = [f'm."{stage}_on"' for stage in STAGE_MEASURES.values()]
    join, where, params = "", "", []
    if ids is not None:
        join = f"JOIN {Company._meta.db_table} c ON c.id = m.company_id"
        where, params = "WHERE c.programme_id = ANY(%s)", [ids]
    # Only the model's own table and column names are written into the SQL; the programmes are a parameter.
    sql = (
        f"SELECT {', '.join(f'GROUPING({column})' for column in columns)}, {', '.join(columns)}, COUNT(*) "  # noqa: S608
        f"FROM {CompanyMilestones._meta.db_table} m {join} {where} "
        f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns)})"
    )
    facts: dict[str, list[Fact]] = {key: [] for key in STAGE_MEASURES}
    keys = list(STAGE_MEASURES)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            grouped, days, n = row[: len(keys)], row[len(keys) : 2 * len(keys)], row[-1]
            stage = grouped.index(0)  # the one column this row is grouped by
            if days[stage] is not None:  # companies that have not reached the stage
                facts[keys[stage]].append(Fact(days[stage], Decimal(n), None))
    return facts


def _follow_up_facts(ids: list[int], factors: Any) -> dict[str, list[Fact]]:
    reports = list(
        FollowUpReport.objects.filter(application__company__programme_id__in=ids)
        .order_by("reported_on", "months")
        .values_list(
            "application_id",
            "application__company_id",
            "reported_on",
            "months",
            "jobs_created",
            "investment_plant",
            "investment_it",
            "investment_training",
            "electricity_saved_kwh",
            "gas_saved_kwh",
        )
    )

    def invested(row: tuple[Any, ...]) -> Decimal | None:
        parts = [part for part in row[5:8] if part is not None]
        return sum(parts, Decimal(0)) if parts else None

    def tonnes(row: tuple[Any, ...]) -> Decimal | None:
        electricity, gas = row[8], row[9]
        if electricity is None and gas is None:
            return None
        kilograms = (electricity or 0) * factors.electricity.value + (gas or 0) * factors.natural_gas.value
        return Decimal(kilograms) / 1000

    return {
        "jobs": restated((r[0], r[1], r[2], r[3], r[4]) for r in reports),
        "private": restated((r[0], r[1], r[2], r[3], invested(r)) for r in reports),
        "co2e": restated((r[0], r[1], r[2], r[3], tonnes(r)) for r in reports),
    }


def measure_facts(programmes: list[Programme], method: Method, today: datetime.date) -> dict[str, list[Fact]]:
    """Every measure's dated facts for the programmes, in a fixed number of set-based queries."""
    ids = [p.pk for p in programmes]
    # Every company has a programme: with all of them chosen, the join to companies would filter nothing.
    every = set(ids) == set(Programme.objects.values_list("pk", flat=True))
    facts = _first_reached_by_stage(None if every else ids)
    ledger = LedgerEntry.objects.filter(application__company__programme_id__in=ids)
    kind = LedgerEntry.Kind
    entries = ledger.values_list("at", "application__company_id", "kind", "amount")
    committed, paid = [], []
    for at, company, entry_kind, amount in entries.iterator(chunk_size=5000):
        on = timezone.localdate(at)
        if entry_kind == kind.PAYMENT:
            paid.append(Fact(on, amount, company))
        elif entry_kind == kind.RECOVERY:
            # Money clawed back is no longer paid, nor committed: the award fell by it too.
            paid.append(Fact(on, -amount, company))
            committed.append(Fact(on, -amount, company))
        else:
            committed.append(Fact(on, amount if entry_kind == kind.COMMITMENT else -amount, company))
    facts["committed"], facts["paid"] = committed, paid
    roles = UpskilledRole.objects.filter(company__programme_id__in=ids)
    facts["upskilled"] = _dated(roles.values_list("completed_on", "company_id").annotate(n=Count("pk")).order_by())
    awarded = GrantApplication.objects.filter(company__programme_id__in=ids, status__in=AWARDED)
    decided = list(awarded.values_list("decided_at", "company_id", "expected_jobs", "expected_roles_upskilled"))
    facts["jobs_forecast"] = _dated((at, company, jobs) for at, company, jobs, _ in decided)
    facts["upskilled_forecast"] = _dated((at, company, roles) for at, company, _, roles in decided)
    interns = Internship.objects.filter(company__programme_id__in=ids)
    facts["internships"] = _dated(interns.values_list("starts_on", "company_id").annotate(n=Count("pk")).order_by())
    offers = interns.filter(outcome=Internship.Outcome.JOB_OFFER)
    facts["internship_offers"] = _dated(
        offers.values_list("starts_on", "company_id").annotate(n=Count("pk")).order_by()
    )
    places = CohortPlace.objects.filter(cohort__programme_id__in=ids)
    facts["leaders"] = _dated(places.values_list("cohort__starts_on", "company_id").annotate(n=Count("pk")).order_by())
    # Completion and attendance are known once a cohort has ended.
    ended = places.filter(cohort__ends_on__lte=today)
    completion = ended.values_list("cohort__ends_on", "company_id").annotate(
        completed=Count("pk", filter=Q(sessions_attended__gte=F("cohort__sessions_to_complete"))),
        attended=Sum("sessions_attended"),
        offered=Sum("cohort__sessions"),
    )
    rows = list(completion.order_by())
    facts["leaders_completed"] = _dated((day, company, n) for day, company, n, _, _ in rows)
    facts["sessions_attended"] = _dated((day, company, n) for day, company, _, n, _ in rows)
    facts["sessions_offered"] = _dated((day, company, n) for day, company, _, _, n in rows)
    facts.update(_follow_up_facts(ids, carbon_factors()))
    gross = method.gva_per_job * method.persistence
    facts["gva_gross"] = scaled(facts["jobs"], gross)
    facts["gva_net"] = scaled(facts["gva_gross"], method.assumptions.additionality.factor)
    facts["jobs_net"] = scaled(facts["jobs"], method.assumptions.additionality.factor)
    return facts


def method_for(programmes: list[Programme]) -> Method:
    chosen = assumptions_for(programmes)
    gva = gva_per_job_for(programmes)
    factors = carbon_factors()
    return Method(
        assumptions=chosen,
        gva_per_job=gva.value,
        gva_source=gva.source,
        persistence=persistence_factor(chosen.persistence_years, chosen.decay, chosen.discount_rate),
        carbon_factors={
            "electricity": (factors.electricity.value, factors.electricity.source),
            "natural gas": (factors.natural_gas.value, factors.natural_gas.source),
        },
    )


def kpi_report(
    programmes: list[Programme], period: Period, today: datetime.date, *, hide_small_groups: bool
) -> KpiReport:
    """The KPIs of one or more programmes over a period, quarter by quarter: what every page, report, export and
    the API show. All time runs from the earliest programme's start (or first fact) to today (or the last)."""
    method = method_for(programmes)
    facts = measure_facts(programmes, method, today)
    days = [fact.on for many in facts.values() for fact in many]
    first = min([*days, *(p.starts_on for p in programmes)], default=today)
    last = max([*days, today])
    spans = spans_of(period, first, last)
    return assemble_kpi_report(
        facts, period, spans, programme_targets(programmes, period), method, hide_small_groups=hide_small_groups
    )


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def milestone_facts(company_ids: list[int]) -> Iterator[tuple[int, MilestoneFacts]]:
    """(company, facts) for each of these companies, gathered in six queries whatever their number."""
    rules = {
        rule.programme_id: SupportedRuleFacts(rule.minimum_hours, rule.roadmap_counts)
        for rule in SupportedRule.objects.all()
    }
    support: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    rows = SupportEntry.objects.filter(company_id__in=company_ids).values_list("company_id", "delivered_on", "hours")
    for company_id, day, hours in rows.iterator(chunk_size=20_000):
        support[company_id].append((day, hours))
    assessed = dict(
        Assessment.objects.filter(company_id__in=company_ids, status=Assessment.Status.SUBMITTED)
        .values("company_id")
        .annotate(first=Min("submitted_at"))
        .values_list("company_id", "first")
    )
    agreed = dict(
        Roadmap.objects.filter(company_id__in=company_ids, agreed_at__isnull=False).values_list(
            "company_id", "agreed_at"
        )
    )
    paid = dict(
        LedgerEntry.objects.filter(application__company_id__in=company_ids, kind=LedgerEntry.Kind.PAYMENT)
        .values("application__company_id")
        .annotate(first=Min("at"))
        .values_list("application__company_id", "first")
    )
    for company_id, programme_id in Company.objects.filter(pk__in=company_ids).values_list("pk", "programme_id"):
        yield (
            company_id,
            MilestoneFacts(
                support=tuple(support.get(company_id, ())),
                rule=rules.get(programme_id, SupportedRuleFacts()),
                first_assessed=_local_day(assessed.get(company_id)),
                roadmap_agreed=_local_day(agreed.get(company_id)),
                first_paid=_local_day(paid.get(company_id)),
            ),
        )


def _by_company(facts: Iterable[Fact]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for fact in facts:
        if fact.company is not None:
            totals[fact.company] += fact.amount
    return totals


def programme_history(programme: Programme, today: datetime.date, maturity_months: int) -> History:
    """What the programme has delivered so far, for calibrating the simulator: one figure per company, each
    read from the same measures as the KPIs (grants paid, private investment, jobs, roles upskilled)."""
    facts = measure_facts([programme], method_for([programme]), today)
    grant = _by_company(facts["paid"])
    invested = _by_company(facts["private"])
    jobs = _by_company(facts["jobs"])
    roles = _by_company(facts["upskilled"])
    investing = sorted(grant)
    mature = CompanyMilestones.objects.filter(
        company__programme=programme, supported_on__lte=add_months(today, -maturity_months)
    )
    return History(
        programme=programme.name,
        supported=mature.count(),
        investing=mature.filter(investing_on__isnull=False).count(),
        grant_per_investing=tuple(float(grant[c]) for c in investing),
        leverage=tuple(float(invested[c] / grant[c]) for c in investing if c in invested and grant[c]),
        jobs_per_investing=tuple(float(jobs[c]) for c in investing if c in jobs),
        roles_per_investing=tuple(float(roles.get(c, 0)) for c in investing),
        supported_to_date=int(sum((fact.amount for fact in facts["supported"]), Decimal(0))),
        investing_to_date=len(investing),
    )
