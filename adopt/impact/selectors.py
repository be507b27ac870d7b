import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from adopt.assessments.models import Assessment
from adopt.economics.figures import carbon_factors, manufacturing_gva_per_job
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.impact.checks import ReportFacts
from adopt.impact.kpis import KpiInputs, Period
from adopt.impact.models import FollowUpReport
from adopt.programmes.models import Programme, Target
from adopt.roadmaps.models import Roadmap
from adopt.support.models import SupportEntry, UpskilledRole
from adopt.support.rules import SupportedRuleFacts

FOLLOW_UP_MONTHS = (6, 12, 24)
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


def up_to_period_end(field: str, period: Period) -> Q:
    return Q(**{f"{field}__lte": period.ends_on}) if period.ends_on else Q()


def kpi_inputs(programmes: list[Programme], period: Period) -> KpiInputs:
    """Counts and sums behind the KPIs of one or more programmes for a period, in a fixed number of queries."""
    ids = [p.pk for p in programmes]
    support = SupportEntry.objects.filter(company__programme_id__in=ids)
    submitted = Assessment.objects.filter(company__programme_id__in=ids, status=Assessment.Status.SUBMITTED)
    engaged = (
        support.filter(within_period("delivered_on", period))
        .order_by()
        .values("company_id")
        .union(submitted.filter(within_period("submitted_at__date", period)).order_by().values("company_id"))
        .count()
    )
    # The test of support.rules.supported_verdict, done by the database for every company at once: enough hours
    # by the programme's rule (12 where it has none), or an agreed roadmap where the rule lets it count.
    default_hours = SupportedRuleFacts().minimum_hours
    enough_hours = (
        support.filter(up_to_period_end("delivered_on", period))
        .order_by()
        .values("company_id")
        .annotate(
            h=Sum("hours"),
            needed=Coalesce(Max("company__programme__supported_rule__minimum_hours"), Value(default_hours)),
        )
        .filter(h__gte=F("needed"))
        .values("company_id")
    )
    agreed_roadmap = (
        Roadmap.objects.filter(company__programme_id__in=ids, agreed_at__isnull=False)
        .filter(up_to_period_end("agreed_at__date", period))
        .exclude(company__programme__supported_rule__roadmap_counts=False)
        .order_by()
        .values("company_id")
    )
    supported = enough_hours.union(agreed_roadmap).count()
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
    factors = carbon_factors()
    regions = {p.region.code for p in programmes if p.region_id}
    gva = manufacturing_gva_per_job(regions.pop() if len(regions) == 1 else None)
    targets: dict[str, Decimal] = {}
    for metric, value in Target.objects.filter(programme_id__in=ids).values_list("metric", "value"):
        targets[metric] = targets.get(metric, Decimal(0)) + value
    return KpiInputs(
        engaged=engaged,
        supported=supported,
        assessed=submitted.filter(within_period("submitted_at__date", period)).values("company_id").distinct().count(),
        with_roadmap=Roadmap.objects.filter(company__programme_id__in=ids, agreed_at__isnull=False)
        .filter(within_period("agreed_at__date", period))
        .count(),
        investing=ledger.filter(kind=kind.PAYMENT).values("application__company_id").distinct().count(),
        grants_committed=(sums.get(kind.COMMITMENT) or Decimal(0)) - (sums.get(kind.RELEASE) or Decimal(0)),
        grants_paid=sums.get(kind.PAYMENT) or Decimal(0),
        private_investment=sum(investment_rows, Decimal(0)) if investment_rows else None,
        jobs=sum(jobs_rows, Decimal(0)) if jobs_rows else None,
        upskilled=UpskilledRole.objects.filter(company__programme_id__in=ids)
        .filter(within_period("completed_on", period))
        .count(),
        kwh_by_fuel=kwh,
        carbon_factors={
            "electricity": (factors.electricity.value, factors.electricity.source),
            "natural gas": (factors.natural_gas.value, factors.natural_gas.source),
        },
        gva_per_job=gva.value,
        gva_source=gva.source,
        targets=targets,
    )
