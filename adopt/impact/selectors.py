import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.economics.figures import carbon_factors, manufacturing_gva_per_job
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.funding.selectors import AWARDED
from adopt.impact.calibration import History
from adopt.impact.checks import ReportFacts
from adopt.impact.kpis import Assumptions, KpiInputs, Period, default_assumptions
from adopt.impact.milestones import STAGES, MilestoneFacts
from adopt.impact.model import Additionality, persistence_factor
from adopt.impact.models import CompanyMilestones, FollowUpReport, ProgrammeAssumptions
from adopt.impact.series import Series, latest_report_series, quarters_between, running_series, scaled_series
from adopt.programmes.models import Programme, Target
from adopt.roadmaps.models import Roadmap
from adopt.support.cohorts import attendance_rate
from adopt.support.models import CohortPlace, Internship, SupportedRule, SupportEntry, UpskilledRole
from adopt.support.rules import SupportedRuleFacts

FOLLOW_UP_MONTHS = (6, 12, 24)
INVESTMENT_FIELDS = ("investment_plant", "investment_it", "investment_training")
DUE_SOON_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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


def reached_within(stage: str, period: Period) -> Q:
    return Q(**{f"{stage}_on__isnull": False}) & within_period(f"{stage}_on", period)


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


def programme_targets(programmes: list[Programme]) -> dict[str, Decimal]:
    """Each metric's target summed over the programmes."""
    targets: dict[str, Decimal] = {}
    for metric, value in Target.objects.filter(programme__in=programmes).values_list("metric", "value"):
        targets[metric] = targets.get(metric, Decimal(0)) + value
    return targets


def _by_quarter(rows: QuerySet[Any]) -> dict[datetime.date, Decimal]:
    return {row["quarter"]: Decimal(row["amount"]) for row in rows if row["quarter"] is not None}


def kpi_series(programmes: list[Programme], period: Period, today: datetime.date) -> list[Series]:
    """Quarter by quarter through the period (from the earliest programme's start for all time): companies
    supported and investing, grants paid, roles upskilled, jobs, net GVA and CO2e, each with its total to date
    and target. Net GVA is jobs to date × the same GVA per job, persistence and additionality as the KPIs."""
    ids = [p.pk for p in programmes]
    first = period.starts_on or min(p.starts_on for p in programmes)
    quarters = quarters_between(first, min(period.ends_on or today, today))
    targets = programme_targets(programmes)
    milestones = CompanyMilestones.objects.filter(company__programme_id__in=ids)

    def stage(name: str) -> dict[datetime.date, Decimal]:
        field = f"{name}_on"
        rows = milestones.filter(**{f"{field}__isnull": False}).values(quarter=TruncQuarter(field))
        return _by_quarter(rows.annotate(amount=Count("pk")).order_by())

    paid = LedgerEntry.objects.filter(application__company__programme_id__in=ids, kind=LedgerEntry.Kind.PAYMENT)
    roles = UpskilledRole.objects.filter(company__programme_id__in=ids)
    reports = list(
        FollowUpReport.objects.filter(application__company__programme_id__in=ids)
        .order_by("reported_on", "months")
        .values_list("application_id", "reported_on", "jobs_created", "electricity_saved_kwh", "gas_saved_kwh")
    )
    jobs = [(grant, day, value) for grant, day, value, _, _ in reports if value is not None]
    factors = carbon_factors()
    tonnes = [
        (grant, day, ((electricity or 0) * factors.electricity.value + (gas or 0) * factors.natural_gas.value) / 1000)
        for grant, day, _, electricity, gas in reports
        if electricity is not None or gas is not None
    ]
    jobs_series = latest_report_series("jobs", "New jobs (FTE)", "FTE", quarters, jobs, targets.get("jobs_created"))
    chosen = assumptions_for(programmes)
    years_factor = persistence_factor(chosen.persistence_years, chosen.decay, chosen.discount_rate)
    net_per_job = gva_per_job_for(programmes).value * years_factor * chosen.additionality.factor
    return [
        running_series(
            "supported",
            "Companies supported",
            "companies",
            quarters,
            stage("supported"),
            targets.get("companies_supported"),
        ),
        running_series(
            "investing",
            "Companies investing",
            "companies",
            quarters,
            stage("investing"),
            targets.get("companies_investing"),
        ),
        running_series(
            "paid",
            "Grants paid",
            "£",
            quarters,
            _by_quarter(paid.values(quarter=TruncQuarter("at__date")).annotate(amount=Sum("amount")).order_by()),
        ),
        running_series(
            "upskilled",
            "Roles upskilled",
            "roles",
            quarters,
            _by_quarter(roles.values(quarter=TruncQuarter("completed_on")).annotate(amount=Count("pk")).order_by()),
            targets.get("roles_upskilled"),
        ),
        jobs_series,
        scaled_series(jobs_series, "gva_net", "GVA, net additional", "£", net_per_job, targets.get("gva_gbp")),
        latest_report_series(
            "co2e", "CO2e saved a year (tonnes)", "tonnes", quarters, tonnes, targets.get("co2e_tonnes")
        ),
    ]


def kpi_inputs(programmes: list[Programme], period: Period) -> KpiInputs:
    """Counts and sums behind the KPIs of one or more programmes for a period, in a fixed number of queries.

    Each company counts once, in the period it first reached a stage (from its milestones).
    """
    ids = [p.pk for p in programmes]
    milestones = CompanyMilestones.objects.filter(company__programme_id__in=ids)
    reached = milestones.aggregate(
        **{stage: Count("pk", filter=reached_within(stage, period)) for stage in STAGES},
    )
    ledger = LedgerEntry.objects.filter(application__company__programme_id__in=ids).filter(
        within_period("at__date", period)
    )
    sums = dict(ledger.values("kind").annotate(total=Sum("amount")).values_list("kind", "total"))
    kind = LedgerEntry.Kind
    reports = list(
        FollowUpReport.objects.filter(application__company__programme_id__in=ids)
        .filter(within_period("reported_on", period))
        .order_by("application_id", "-months")
        .values(
            "application_id",
            "jobs_created",
            "investment_plant",
            "investment_it",
            "investment_training",
            "electricity_saved_kwh",
            "gas_saved_kwh",
        )
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in reports:
        latest.setdefault(row["application_id"], dict(row))  # the latest follow-up of each grant
    jobs_rows = [r["jobs_created"] for r in latest.values() if r["jobs_created"] is not None]
    investment_rows: list[Decimal] = [
        sum(((r[f] or Decimal(0)) for f in ("investment_plant", "investment_it", "investment_training")), Decimal(0))
        for r in latest.values()
        if any(r[f] is not None for f in ("investment_plant", "investment_it", "investment_training"))
    ]
    kwh: dict[str, Decimal] = {}
    for saved in latest.values():
        if saved["electricity_saved_kwh"] is not None:
            kwh["electricity"] = kwh.get("electricity", Decimal(0)) + saved["electricity_saved_kwh"]
        if saved["gas_saved_kwh"] is not None:
            kwh["natural gas"] = kwh.get("natural gas", Decimal(0)) + saved["gas_saved_kwh"]
    forecast = (
        GrantApplication.objects.filter(company__programme_id__in=ids, status__in=AWARDED)
        .filter(within_period("decided_at__date", period))
        .aggregate(jobs=Sum("expected_jobs"), roles=Sum("expected_roles_upskilled"))
    )
    interns = (
        Internship.objects.filter(company__programme_id__in=ids)
        .filter(within_period("starts_on", period))
        .aggregate(started=Count("pk"), offers=Count("pk", filter=Q(outcome=Internship.Outcome.JOB_OFFER)))
    )
    places = CohortPlace.objects.filter(cohort__programme_id__in=ids)
    ended = places.filter(within_period("cohort__ends_on", period), cohort__ends_on__lte=timezone.localdate())
    leadership = ended.aggregate(
        places=Count("pk"),
        attended=Sum("sessions_attended"),
        offered=Sum("cohort__sessions"),
        completed=Count("pk", filter=Q(sessions_attended__gte=F("cohort__sessions_to_complete"))),
    )
    factors = carbon_factors()
    targets = programme_targets(programmes)
    gva = gva_per_job_for(programmes)
    return KpiInputs(
        engaged=reached["engaged"],
        supported=reached["supported"],
        assessed=reached["assessed"],
        with_roadmap=reached["roadmap"],
        investing=reached["investing"],
        grants_committed=(sums.get(kind.COMMITMENT) or Decimal(0)) - (sums.get(kind.RELEASE) or Decimal(0)),
        grants_paid=sums.get(kind.PAYMENT) or Decimal(0),
        private_investment=sum(investment_rows, Decimal(0)) if investment_rows else None,
        jobs=sum(jobs_rows, Decimal(0)) if jobs_rows else None,
        upskilled=UpskilledRole.objects.filter(company__programme_id__in=ids)
        .filter(within_period("completed_on", period))
        .count(),
        jobs_forecast=forecast["jobs"] or Decimal(0),
        upskilled_forecast=forecast["roles"] or 0,
        internships=interns["started"],
        internship_job_offers=interns["offers"],
        leaders_on_cohorts=places.filter(within_period("cohort__starts_on", period)).count(),
        leaders_completed=leadership["completed"],
        # each place is offered its cohort's sessions, so cohorts of different lengths weigh fairly
        leadership_attendance=attendance_rate(leadership["attended"] or 0, leadership["offered"] or 0, sessions=1),
        kwh_by_fuel=kwh,
        carbon_factors={
            "electricity": (factors.electricity.value, factors.electricity.source),
            "natural gas": (factors.natural_gas.value, factors.natural_gas.source),
        },
        gva_per_job=gva.value,
        gva_source=gva.source,
        targets=targets,
        assumptions=assumptions_for(programmes),
    )


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def milestone_facts(company_ids: list[int]) -> Iterator[tuple[int, MilestoneFacts]]:
    """(company, facts) for each of these companies, gathered in five queries whatever their number."""
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


def programme_history(programme: Programme, today: datetime.date, maturity_months: int) -> History:
    """What the programme has delivered so far, for calibrating the simulator: one figure per company."""
    milestones = CompanyMilestones.objects.filter(company__programme=programme)
    mature = milestones.filter(supported_on__lte=add_months(today, -maturity_months))
    investing_ids = list(milestones.filter(investing_on__isnull=False).values_list("company_id", flat=True))
    payments = LedgerEntry.objects.filter(application__company_id__in=investing_ids, kind=LedgerEntry.Kind.PAYMENT)
    grant_by_company = dict(
        payments.values("application__company_id")
        .annotate(total=Sum("amount"))
        .values_list("application__company_id", "total")
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in (
        FollowUpReport.objects.filter(application__company_id__in=investing_ids)
        .order_by("application_id", "-months")
        .values("application_id", "application__company_id", "jobs_created", *INVESTMENT_FIELDS)
    ):
        latest.setdefault(row["application_id"], row)
    jobs: dict[int, float] = {}
    invested: dict[int, float] = {}
    for row in latest.values():
        company = row["application__company_id"]
        if row["jobs_created"] is not None:
            jobs[company] = jobs.get(company, 0.0) + float(row["jobs_created"])
        reported = [row[field] for field in INVESTMENT_FIELDS if row[field] is not None]
        if reported:
            invested[company] = invested.get(company, 0.0) + float(sum(reported))
    roles = dict(
        UpskilledRole.objects.filter(company_id__in=investing_ids)
        .values("company_id")
        .annotate(n=Count("pk"))
        .values_list("company_id", "n")
    )
    return History(
        programme=programme.name,
        supported=mature.count(),
        investing=mature.filter(investing_on__isnull=False).count(),
        grant_per_investing=tuple(float(grant_by_company.get(c, 0)) for c in investing_ids),
        leverage=tuple(invested[c] / float(grant_by_company[c]) for c in invested if grant_by_company.get(c)),
        jobs_per_investing=tuple(jobs.values()),
        roles_per_investing=tuple(float(roles.get(c, 0)) for c in investing_ids),
    )
