"""Grant applications, their claims and payments, for a CRM or a finance system: pages of what changed since a time."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.core.api_csv import CSV_OPENAPI, csv_download
from adopt.core.api_errors import ERRORS, documented
from adopt.core.cursors import BadCursor, Page, page_of
from adopt.funding.models import Claim, GrantApplication
from adopt.funding.policies import visible_applications

router = Router(tags=["funding"], auth=api_auth("funding"))


class PageParams(Schema):
    updated_since: datetime.datetime | None = None
    cursor: str = ""
    limit: int = 100


class ApplicationOut(Schema):
    id: int
    company_id: int
    programme: str
    scheme: str
    title: str
    status: str
    status_label: str
    financial_year: int
    grant_requested: Decimal
    award: Decimal  # committed at approval
    paid: Decimal
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ApplicationPageOut(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


class ClaimOut(Schema):
    id: int
    application_id: int
    company_id: int
    amount: Decimal
    invoice_date: datetime.date
    status: str
    paid_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ClaimPageOut(Schema):
    items: list[ClaimOut]
    next_cursor: str | None


def _applications(request: HttpRequest) -> QuerySet[GrantApplication]:
    rows = within_token_programme(request, visible_applications(request.user), "company__programme_id")
    return rows.select_related("company__programme", "scheme")


def _claims(request: HttpRequest) -> QuerySet[Claim]:
    applications = within_token_programme(request, visible_applications(request.user), "company__programme_id")
    return Claim.objects.filter(application__in=applications.values("pk")).select_related("application")


def _page(rows: QuerySet, params: PageParams) -> Page:  # type: ignore[type-arg]
    try:
        return page_of(rows, cursor=params.cursor, limit=params.limit, updated_since=params.updated_since)
    except BadCursor as error:
        raise HttpError(400, str(error)) from None


@router.get("/applications", response=documented(ApplicationPageOut), summary="Grant applications, oldest change first")
def list_applications(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    rows = _applications(request)
    page = _page(rows.select_related("company__programme", "scheme"), params)
    return {"items": [_application_out(a) for a in page.items], "next_cursor": page.next_cursor}


def _application_out(a: GrantApplication) -> dict[str, object]:
    return {
        "id": a.pk,
        "company_id": a.company_id,
        "programme": a.company.programme.slug,
        "scheme": a.scheme.name,
        "title": a.title,
        "status": a.status,
        "status_label": a.get_status_display(),
        "financial_year": a.financial_year,
        "grant_requested": a.grant_requested,
        "award": a.award,
        "paid": a.paid,
        "submitted_at": a.submitted_at,
        "decided_at": a.decided_at,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


@router.get("/claims", response=documented(ClaimPageOut), summary="Claims and their payments, oldest change first")
def list_claims(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    rows = _claims(request)
    page = _page(rows, params)
    return {"items": [_claim_out(c) for c in page.items], "next_cursor": page.next_cursor}


def _claim_out(c: Claim) -> dict[str, object]:
    return {
        "id": c.pk,
        "application_id": c.application_id,
        "company_id": c.application.company_id,
        "amount": c.amount,
        "invoice_date": c.invoice_date,
        "status": c.status,
        "paid_at": c.paid_at,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


@router.get(
    "/applications.csv", response={200: str, **ERRORS}, openapi_extra=CSV_OPENAPI, summary="Every application as CSV"
)
def export_applications(request: HttpRequest, updated_since: datetime.datetime | None = None) -> StreamingHttpResponse:
    rows = _applications(request)
    return csv_download(rows, _application_out, list(ApplicationOut.model_fields), "applications.csv", updated_since)


@router.get("/claims.csv", response={200: str, **ERRORS}, openapi_extra=CSV_OPENAPI, summary="Every claim as CSV")
def export_claims(request: HttpRequest, updated_since: datetime.datetime | None = None) -> StreamingHttpResponse:
    rows = _claims(request)
    return csv_download(rows, _claim_out, list(ClaimOut.model_fields), "claims.csv", updated_since)
