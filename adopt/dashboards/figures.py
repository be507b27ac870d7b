"""The figures on staff home pages: the programmes side by side, a manager's pipeline and budgets, an adviser's
week. Each measure is one grouped query whatever the number of companies, and every total is the sum of the rows
above it, so the national table re-adds."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.core.paging import remembered_counts
from adopt.funding.models import FundYear, GrantApplication
from adopt.funding.workflow import PIPELINE
from adopt.onboarding.models import Enquiry
from adopt.programmes.models import Programme
from adopt.roadmaps.models import Roadmap
from adopt.support.models import Booking

ZERO = Decimal(0)
LATER_VISITS = 10
Status = GrantApplication.Status


@dataclass
class ProgrammeRow:
    """One programme's measures, in the order of `MEASURES`."""

    programme: Programme | None  # None: the total
    companies: int = 0
    waiting_for_adviser: int = 0
    assessed: int = 0
    roadmaps_agreed: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    left_this_year: Decimal = ZERO

    def add(self, other: "ProgrammeRow") -> None:
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


MEASURES = {
    "companies": "Companies",
    "waiting_for_adviser": "Waiting for an adviser",
    "assessed": "Assessed",
    "roadmaps_agreed": "Roadmaps agreed",
    "committed": "Grants committed (£)",
    "paid": "Grants paid (£)",
    "left_this_year": "Budget left this year (£)",
}


MONEY_SUMS = ("committed_all", "paid_all", "budget_now", "committed_now")


def _grouped(rows: QuerySet, key: str) -> dict[int, int]:  # type: ignore[type-arg]  # any values() queryset
    return {row[key]: row["n"] for row in rows}


def programmes_side_by_side(
    programmes: list[Programme], today: datetime.date
) -> tuple[list[ProgrammeRow], ProgrammeRow]:
    """Each programme on the same measures, and their total (the sum of the rows)."""
    ids = [programme.pk for programme in programmes]
    company_counts = remembered_counts(
        Company.objects.filter(programme_id__in=ids)
        .values("programme_id")
        .annotate(n=Count("pk"), waiting=Count("pk", filter=Q(adviser__isnull=True))),
        total="n",
    )
    counts = {row["programme_id"]: row["n"] for row in company_counts}
    waiting = {row["programme_id"]: row["waiting"] for row in company_counts}
    assessed = _grouped(
        Assessment.objects.filter(company__programme_id__in=ids, status=Assessment.Status.SUBMITTED)
        .values("company__programme_id")
        .annotate(n=Count("company_id", distinct=True)),
        "company__programme_id",
    )
    agreed = _grouped(
        Roadmap.objects.filter(company__programme_id__in=ids, agreed_at__isnull=False)
        .values("company__programme_id")
        .annotate(n=Count("pk")),
        "company__programme_id",
    )
    money: dict[int, dict[str, Decimal | None]] = {
        row["fund__programme_id"]: {
            key: row[key] for key in ("committed_all", "paid_all", "budget_now", "committed_now")
        }
        for row in FundYear.objects.filter(fund__programme_id__in=ids)
        .values("fund__programme_id")
        .annotate(
            committed_all=Sum("committed"),
            paid_all=Sum("paid"),
            budget_now=Sum("budget", filter=Q(year=financial_year_of(today))),
            committed_now=Sum("committed", filter=Q(year=financial_year_of(today))),
        )
    }
    rows = []
    total = ProgrammeRow(None)
    for programme in programmes:
        funds = money.get(programme.pk, {})
        row = ProgrammeRow(
            programme,
            companies=counts.get(programme.pk, 0),
            waiting_for_adviser=waiting.get(programme.pk, 0),
            assessed=assessed.get(programme.pk, 0),
            roadmaps_agreed=agreed.get(programme.pk, 0),
            committed=funds.get("committed_all") or ZERO,
            paid=funds.get("paid_all") or ZERO,
            left_this_year=(funds.get("budget_now") or ZERO) - (funds.get("committed_now") or ZERO),
        )
        rows.append(row)
        total.add(row)
    return rows, total


@dataclass(frozen=True)
class BudgetYear:
    label: str
    budget: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed


@dataclass
class ManagerFigures:
    programme: Programme
    pipeline_count: int = 0
    pipeline_requested: Decimal = ZERO
    offers_waiting: int = 0
    years: list[BudgetYear] = field(default_factory=list)
    overdue_actions: int = 0
    overdue_enquiries: int = 0


def manager_figures(programme: Programme, now: datetime.datetime, response_hours: int) -> ManagerFigures:
    """A programme's pipeline (applications submitted and not yet decided, with the grant they ask for), its budget
    left by financial year, and the work that is overdue."""
    figures = ManagerFigures(programme)
    pipeline = GrantApplication.objects.filter(company__programme=programme, status__in=PIPELINE)
    totals = pipeline.aggregate(n=Count("pk"), requested=Sum("grant_requested"))
    figures.pipeline_count = totals["n"]
    figures.pipeline_requested = totals["requested"] or ZERO
    figures.offers_waiting = GrantApplication.objects.filter(
        company__programme=programme, status=Status.APPROVED
    ).count()
    sums = (
        FundYear.objects.filter(fund__programme=programme)
        .values("year")
        .annotate(budget_all=Sum("budget"), committed_all=Sum("committed"), paid_all=Sum("paid"))
        .order_by("year")
    )
    figures.years = [
        BudgetYear(financial_year_label(row["year"]), row["budget_all"], row["committed_all"], row["paid_all"])
        for row in sums
    ]
    figures.overdue_actions = Company.objects.filter(
        programme=programme, next_action_due__lt=timezone.localdate(now)
    ).count()
    figures.overdue_enquiries = Enquiry.objects.filter(
        programme=programme,
        status=Enquiry.Status.NEW,
        created_at__lt=now - datetime.timedelta(hours=response_hours),
    ).count()
    return figures


@dataclass
class AdviserWeek:
    visits_today: list[Booking] = field(default_factory=list)
    visits_this_week: list[Booking] = field(default_factory=list)
    visits_later: list[Booking] = field(default_factory=list)
    actions_overdue: list[Company] = field(default_factory=list)
    actions_this_week: list[Company] = field(default_factory=list)


def adviser_week(adviser: User, now: datetime.datetime) -> AdviserWeek:
    """Today's and this week's work: visits booked, and next actions due (or overdue) on the adviser's companies."""
    today = timezone.localdate(now)
    week_end = today + datetime.timedelta(days=7)
    week = AdviserWeek()
    starts = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    visits = (
        Booking.objects.filter(
            adviser=adviser, cancelled_at=None, starts_at__gte=starts, starts_at__lt=starts + datetime.timedelta(days=7)
        )
        .select_related("company")
        .order_by("starts_at")
    )
    for visit in visits:
        (week.visits_today if timezone.localdate(visit.starts_at) == today else week.visits_this_week).append(visit)
    later = Booking.objects.filter(
        adviser=adviser, cancelled_at=None, starts_at__gte=starts + datetime.timedelta(days=7)
    ).select_related("company")
    week.visits_later = list(later.order_by("starts_at")[:LATER_VISITS])
    due = Company.objects.filter(adviser=adviser, next_action_due__lt=week_end).order_by("next_action_due", "pk")[:50]
    for company in due:
        overdue = company.next_action_due is not None and company.next_action_due < today
        (week.actions_overdue if overdue else week.actions_this_week).append(company)
    return week
