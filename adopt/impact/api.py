import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from adopt.core.api_errors import documented
from adopt.impact.periods import parse_period
from adopt.impact.policies import sees_small_groups
from adopt.impact.scope import NoSuchScope, NothingToSee, choose_programmes
from adopt.impact.selectors import kpi_report

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
    definition: str
    working: list[str]


class QuarterOut(Schema):
    quarter: str  # a financial quarter, cut to the period where the period starts or ends inside it
    starts_on: datetime.date
    ends_on: datetime.date
    added: Decimal | None  # what the quarter added; the quarters of a period add up to the KPI's value
    to_date: Decimal | None  # the total from the programme's start to the quarter's end


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
    quarterly series of every measure, whose quarters add up to its value. Each KPI carries its definition.
    Figures behind fewer than 5 companies, and any that would give one away, are null for evaluators."""
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
    hide = not sees_small_groups(request.user, choice.chosen)
    report = kpi_report(choice.chosen, chosen_period, timezone.localdate(), hide_small_groups=hide)
    return {
        "programmes": [p.slug for p in choice.chosen],
        "period": chosen_period,
        "companies_engaged": None if report.engaged.value is None else int(report.engaged.value),
        "small_groups_suppressed": hide,
        "kpis": [
            {
                "key": kpi.key,
                "title": kpi.title,
                "value": kpi.figure.value,
                "unit": kpi.figure.unit,
                "target": kpi.target,
                "share_of_target": kpi.share_of_target,
                "definition": kpi.definition,
                "working": list(kpi.figure.working),
            }
            for kpi in report.kpis
        ],
        "series": [
            {
                "key": one.key,
                "title": one.title,
                "unit": one.unit,
                "target": one.target,
                "quarters": [
                    {
                        "quarter": span.label,
                        "starts_on": span.starts_on,
                        "ends_on": span.ends_on,
                        "added": added,
                        "to_date": to_date,
                    }
                    for span, added, to_date in one.rows
                ],
            }
            for one in report.series
        ],
    }
