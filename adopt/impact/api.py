import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict

from adopt.accounts.api_auth import api_auth, token_programme_id, within_token_programme
from adopt.core.api_csv import CSV_OPENAPI, csv_download
from adopt.core.api_errors import ERRORS, documented
from adopt.core.cursors import BadCursor, page_of
from adopt.impact.models import FollowUpReport
from adopt.impact.periods import parse_period
from adopt.impact.policies import follow_up_applications, sees_small_groups
from adopt.impact.scope import NoSuchScope, NothingToSee, choose_programmes
from adopt.impact.selectors import kpi_report

router = Router(tags=["impact"], auth=api_auth("impact"))


# The KPI report's parts are plain pydantic models, validated in one pass by pydantic's own code: ninja's Schema
# reads each field of each quarter through a Python getter, which cost more than the KPIs' arithmetic.
class PeriodOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None


class KpiOut(BaseModel):
    key: str
    title: str
    value: Decimal | None  # null when missing or suppressed, never 0
    unit: str
    target: Decimal | None
    share_of_target: Decimal | None
    definition: str
    working: list[str]


class QuarterOut(BaseModel):
    quarter: str  # a financial quarter, cut to the period where the period starts or ends inside it
    starts_on: datetime.date
    ends_on: datetime.date
    added: Decimal | None  # what the quarter added; the quarters of a period add up to the KPI's value
    to_date: Decimal | None  # the total from the programme's start to the quarter's end


class SeriesOut(BaseModel):
    key: str
    title: str
    unit: str
    target: Decimal | None
    quarters: list[QuarterOut]


class KpiReportOut(BaseModel):
    programmes: list[str]
    period: PeriodOut
    companies_engaged: int | None  # null when suppressed
    small_groups_suppressed: bool
    kpis: list[KpiOut]
    series: list[SeriesOut]


@router.get("/kpis", response=documented(KpiReportOut))
def get_kpis(request: HttpRequest, programme: str | None = None, region: str = "", period: str = "all") -> KpiReportOut:
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
    limited_to = token_programme_id(request)
    chosen = [p for p in choice.chosen if limited_to is None or p.pk == limited_to]
    if not chosen:
        raise HttpError(403, "This token is limited to another programme.")
    try:
        chosen_period = parse_period(period)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    hide = not sees_small_groups(request.user, chosen)
    report = kpi_report(chosen, chosen_period, timezone.localdate(), hide_small_groups=hide)
    return KpiReportOut.model_validate(
        {
            "programmes": [p.slug for p in chosen],
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
    )


class FollowUpParams(Schema):
    updated_since: datetime.datetime | None = None
    cursor: str = ""
    limit: int = 100


class FollowUpOut(Schema):
    id: int
    application_id: int
    company_id: int
    months: int
    reported_on: datetime.date
    jobs_created: Decimal | None
    jobs_safeguarded: Decimal | None
    roles_upskilled: int | None
    electricity_saved_kwh: int | None
    gas_saved_kwh: int | None
    productivity_pct: Decimal | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class FollowUpPageOut(Schema):
    items: list[FollowUpOut]
    next_cursor: str | None


@router.get("/follow-ups", response=documented(FollowUpPageOut), summary="Follow-up reports, oldest change first")
def list_follow_ups(request: HttpRequest, params: Query[FollowUpParams]) -> dict[str, Any]:
    """The outcomes funded companies reported at 6, 12 and 24 months, for the programmes the caller advises or
    manages (evaluators read the KPIs instead: these are per company)."""
    rows = _follow_ups(request)
    try:
        page = page_of(rows, cursor=params.cursor, limit=params.limit, updated_since=params.updated_since)
    except BadCursor as error:
        raise HttpError(400, str(error)) from None
    return {"items": [_follow_up_out(report) for report in page.items], "next_cursor": page.next_cursor}


def _follow_ups(request: HttpRequest) -> QuerySet[FollowUpReport]:
    applications = within_token_programme(request, follow_up_applications(request.user), "company__programme_id")
    return FollowUpReport.objects.filter(application__in=applications.values("pk")).select_related("application")


def _follow_up_out(report: FollowUpReport) -> dict[str, Any]:
    fields = [name for name in FollowUpOut.model_fields if name != "company_id"]
    return {**{name: getattr(report, name) for name in fields}, "company_id": report.application.company_id}


@router.get(
    "/follow-ups.csv", response={200: str, **ERRORS}, openapi_extra=CSV_OPENAPI, summary="Every follow-up report as CSV"
)
def export_follow_ups(request: HttpRequest, updated_since: datetime.datetime | None = None) -> StreamingHttpResponse:
    rows = _follow_ups(request)
    return csv_download(rows, _follow_up_out, list(FollowUpOut.model_fields), "follow-ups.csv", updated_since)
