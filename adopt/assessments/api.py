"""Readiness assessments and their scores, for integrations: pages of what changed since a time."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.assessments.models import Assessment
from adopt.assessments.policies import visible_assessments
from adopt.core.api_csv import CSV_OPENAPI, csv_download
from adopt.core.api_errors import ERRORS, documented
from adopt.core.cursors import BadCursor, page_of

router = Router(tags=["assessments"], auth=api_auth("assessments"))


class PageParams(Schema):
    updated_since: datetime.datetime | None = None
    cursor: str = ""
    limit: int = 100


class AssessmentOut(Schema):
    id: int
    company_id: int
    framework: str
    framework_version: int
    status: str
    submitted_at: datetime.datetime | None
    overall_score: Decimal | None
    overall_band: str
    dimension_scores: dict[str, object]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class AssessmentPageOut(Schema):
    items: list[AssessmentOut]
    next_cursor: str | None


@router.get("/", response=documented(AssessmentPageOut), summary="Assessments and scores, oldest change first")
def list_assessments(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    rows = _assessments(request)
    try:
        page = page_of(rows, cursor=params.cursor, limit=params.limit, updated_since=params.updated_since)
    except BadCursor as error:
        raise HttpError(400, str(error)) from None
    return {"items": [_out(a) for a in page.items], "next_cursor": page.next_cursor}


def _assessments(request: HttpRequest) -> QuerySet[Assessment]:
    return within_token_programme(request, visible_assessments(request.user), "company__programme_id")


def _out(a: Assessment) -> dict[str, object]:
    return {
        "id": a.pk,
        "company_id": a.company_id,
        "framework": a.framework_key,
        "framework_version": a.framework_version,
        "status": a.status,
        "submitted_at": a.submitted_at,
        "overall_score": a.overall_score,
        "overall_band": a.overall_band,
        "dimension_scores": a.dimension_scores,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


@router.get("/export.csv", response={200: str, **ERRORS}, openapi_extra=CSV_OPENAPI, summary="Every assessment as CSV")
def export_assessments(request: HttpRequest, updated_since: datetime.datetime | None = None) -> StreamingHttpResponse:
    rows = _assessments(request)
    return csv_download(rows, _out, list(AssessmentOut.model_fields), "assessments.csv", updated_since)
