"""Forecast → actual → net, per paid grant: the jobs forecast when the grant was approved, the jobs reported at each
follow-up (6, 12 and 24 months after payment), and the latest report made net by the programme's additionality.
Also how many follow-ups were due and how many came back, so a reader sees how much of the "actual" is missing.

The totals are the sums of the rows shown, so they re-add.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from adopt.core.financial_years import add_months
from adopt.core.money import round_half_up
from adopt.funding.models import GrantApplication
from adopt.impact.models import FollowUpReport
from adopt.impact.selectors import FOLLOW_UP_MONTHS, assumptions_for, paid_applications
from adopt.programmes.models import Programme

ZERO = Decimal(0)


@dataclass(frozen=True)
class GrantForecast:
    application_id: int
    company_id: int
    title: str
    paid_on: datetime.date
    forecast_jobs: Decimal
    reported: dict[int, Decimal | None]  # months → jobs created, None where the follow-up is due but missing
    due: int
    received: int
    actual_jobs: Decimal | None  # the latest report's figure
    net_jobs: Decimal | None


@dataclass(frozen=True)
class ForecastTable:
    rows: list[GrantForecast]
    factor: Decimal
    factor_source: str

    @property
    def forecast_total(self) -> Decimal:
        return sum((row.forecast_jobs for row in self.rows), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum((row.actual_jobs for row in self.rows if row.actual_jobs is not None), ZERO)

    @property
    def net_total(self) -> Decimal:
        return sum((row.net_jobs for row in self.rows if row.net_jobs is not None), ZERO)

    @property
    def forecast_of_reporting(self) -> Decimal:
        """The forecast of the grants that have reported, to set against their actual."""
        return sum((row.forecast_jobs for row in self.rows if row.actual_jobs is not None), ZERO)

    @property
    def companies(self) -> int:
        return len({row.company_id for row in self.rows})

    @property
    def reporting_companies(self) -> int:
        return len({row.company_id for row in self.rows if row.actual_jobs is not None})

    @property
    def due(self) -> int:
        return sum(row.due for row in self.rows)

    @property
    def received(self) -> int:
        return sum(row.received for row in self.rows)

    @property
    def response_rate(self) -> Decimal | None:
        return round_half_up(Decimal(self.received) / self.due * 100, 1) if self.due else None

    @property
    def dropped_out(self) -> int:
        """Grants with a follow-up due and none received at all."""
        return sum(1 for row in self.rows if row.due and not row.received)


def forecast_table(programme: Programme, today: datetime.date) -> ForecastTable:
    applications: QuerySet[GrantApplication] = GrantApplication.objects.filter(company__programme=programme)
    paid = list(paid_applications(applications).order_by("pk"))
    reports: dict[int, dict[int, Decimal | None]] = {}
    for application_id, months, jobs in FollowUpReport.objects.filter(
        application_id__in=[application.pk for application in paid]
    ).values_list("application_id", "months", "jobs_created"):
        reports.setdefault(application_id, {})[months] = jobs
    additionality = assumptions_for([programme]).additionality
    factor = additionality.factor
    rows = []
    for application in paid:
        paid_on = timezone.localdate(application.first_paid)  # type: ignore[attr-defined]  # from the annotation
        own = reports.get(application.pk, {})
        due_months = [months for months in FOLLOW_UP_MONTHS if add_months(paid_on, months) <= today]
        reported = {months: own.get(months) for months in FOLLOW_UP_MONTHS if months in due_months or months in own}
        latest = next((own[months] for months in sorted(own, reverse=True) if own[months] is not None), None)
        rows.append(
            GrantForecast(
                application_id=application.pk,
                company_id=application.company_id,
                title=application.title,
                paid_on=paid_on,
                forecast_jobs=application.expected_jobs,
                reported=reported,
                due=len(due_months),
                received=sum(1 for months in due_months if months in own),
                actual_jobs=latest,
                net_jobs=round_half_up(latest * factor, 1) if latest is not None else None,
            )
        )
    return ForecastTable(rows, factor, additionality.source)
