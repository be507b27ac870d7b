import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet

from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.impact.checks import ReportFacts
from adopt.impact.models import FollowUpReport
from adopt.roadmaps.models import Roadmap

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
