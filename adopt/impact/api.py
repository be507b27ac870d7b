import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from adopt.core.api_errors import documented
from adopt.impact.kpis import MINIMUM_SHOWN, parse_period, programme_kpis, suppressed
from adopt.impact.policies import sees_small_groups
from adopt.impact.scope import NoSuchScope, NothingToSee, choose_programmes
from adopt.impact.selectors import kpi_inputs, kpi_series
from adopt.impact.series import suppressed_series

router = Router(tags=["impact"])


class PeriodOut(Schema):
    label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None


class KpiOut(Schema):
    key: str
    title: str
    value: Decimal | None  # null when missing or suppressed, never 0
    unit: str
    target: Decimal | None
    share_of_target: Decimal | None
    working: list[str]


class QuarterOut(Schema):
    quarter: str
    starts_on: datetime.date
    added: Decimal | None
    to_date: Decimal | None


class SeriesOut(Schema):
    key: str
    title: str
    unit: str
    target: Decimal | None
    quarters: list[QuarterOut]


class KpiReportOut(Schema):
    programmes: list[str]
    period: PeriodOut
    companies_engaged: int | None  # null when suppressed
    small_groups_suppressed: bool
    kpis: list[KpiOut]
    series: list[SeriesOut]


@router.get("/kpis", response=documented(KpiReportOut))
def get_kpis(
    request: HttpRequest, programme: str | None = None, region: str = "", period: str = "all"
) -> dict[str, Any]:
    """KPIs against targets for a programme, a region's programmes or all the caller may see, for a period
    ('all', a financial year like 2026-27, or 2026-04-01..2026-09-30), with each figure's working and the
    quarterly series. Figures behind fewer than 5 companies are null for evaluators."""
    try:
        choice = choose_programmes(request.user, programme, region)
    except NothingToSee:
        raise HttpError(403, "You may not see any programme's KPIs.") from None
    except NoSuchScope as error:
        raise HttpError(404, str(error)) from None
    try:
        chosen_period = parse_period(period)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    inputs = kpi_inputs(choice.chosen, chosen_period)
    kpis = programme_kpis(inputs)
    series = kpi_series(choice.chosen, chosen_period, timezone.localdate())
    hide = not sees_small_groups(request.user, choice.chosen)
    if hide:
        kpis = suppressed(kpis, inputs.engaged)
        series = suppressed_series(series, inputs.engaged, MINIMUM_SHOWN)
    return {
        "programmes": [p.slug for p in choice.chosen],
        "period": chosen_period,
        "companies_engaged": None if hide and inputs.engaged < MINIMUM_SHOWN else inputs.engaged,
        "small_groups_suppressed": hide,
        "kpis": [
            {
                "key": kpi.key,
                "title": kpi.title,
                "value": kpi.figure.value,
                "unit": kpi.figure.unit,
                "target": kpi.target,
                "share_of_target": kpi.share_of_target,
                "working": list(kpi.figure.working),
            }
            for kpi in kpis
        ],
        "series": [
            {
                "key": one.key,
                "title": one.title,
                "unit": one.unit,
                "target": one.target,
                "quarters": [
                    {"quarter": q.label, "starts_on": q.starts_on, "added": added, "to_date": to_date}
                    for q, added, to_date in one.rows
                ],
            }
            for one in series
        ],
    }
