"""Support entries for integrations: pages of what changed since a time, and support recorded by a CRM."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.accounts.requests import person_of
from adopt.companies.policies import staff_programme_ids, visible_companies
from adopt.core.api_csv import CSV_OPENAPI, csv_download
from adopt.core.api_errors import ERRORS, documented
from adopt.core.cursors import BadCursor, page_of
from adopt.core.visibility import Visibility
from adopt.support.models import SupportEntry
from adopt.support.policies import can_record_support
from adopt.support.services import SupportError, support_record

router = Router(tags=["support"], auth=api_auth("support"))


class PageParams(Schema):
    updated_since: datetime.datetime | None = None
    cursor: str = ""
    limit: int = 100


class SupportEntryOut(Schema):
    id: int
    company_id: int
    adviser_id: int | None
    kind: str
    delivered_on: datetime.date
    hours: Decimal
    notes: str  # empty where the caller may not read the entry's notes
    visibility: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class SupportPageOut(Schema):
    items: list[SupportEntryOut]
    next_cursor: str | None


class SupportEntryIn(Schema):
    company_id: int
    kind: str
    delivered_on: datetime.date
    hours: Decimal
    notes: str = ""
    visibility: str = Visibility.STAFF


def _out(entry: SupportEntry, notes_shown: bool) -> dict[str, object]:
    return {
        "id": entry.pk,
        "company_id": entry.company_id,
        "adviser_id": entry.adviser_id,
        "kind": entry.kind,
        "delivered_on": entry.delivered_on,
        "hours": entry.hours,
        "notes": entry.notes if notes_shown else "",
        "visibility": entry.visibility,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }


@router.get("/entries", response=documented(SupportPageOut), summary="Support entries, oldest change first")
def list_support(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    rows = _entries(request)
    try:
        page = page_of(rows, cursor=params.cursor, limit=params.limit, updated_since=params.updated_since)
    except BadCursor as error:
        raise HttpError(400, str(error)) from None
    shape = _shaper(request)
    return {"items": [shape(entry) for entry in page.items], "next_cursor": page.next_cursor}


def _entries(request: HttpRequest) -> QuerySet[SupportEntry]:
    companies = within_token_programme(request, visible_companies(request.user))
    return SupportEntry.objects.filter(company__in=companies.values("pk")).select_related("company")


def _shaper(request: HttpRequest) -> Callable[[SupportEntry], dict[str, object]]:
    """Each entry as the caller may read it: notes only where they are the programme's staff or it is shared."""
    staff_of = staff_programme_ids(request.user)

    def shape(entry: SupportEntry) -> dict[str, object]:
        is_staff = staff_of is None or entry.company.programme_id in staff_of
        return _out(entry, is_staff or entry.visibility == Visibility.COMPANY)

    return shape


@router.get(
    "/entries.csv", response={200: str, **ERRORS}, openapi_extra=CSV_OPENAPI, summary="Every support entry as CSV"
)
def export_support(request: HttpRequest, updated_since: datetime.datetime | None = None) -> StreamingHttpResponse:
    rows = _entries(request)
    return csv_download(rows, _shaper(request), list(SupportEntryOut.model_fields), "support.csv", updated_since)


@router.post("/entries", response={201: SupportEntryOut, **documented(SupportEntryOut)}, summary="Record support")
def create_support(request: HttpRequest, data: SupportEntryIn) -> Status[dict[str, object]]:
    """Record support given to a company, as an adviser would on its support log (a CRM's call or visit)."""
    company = get_object_or_404(within_token_programme(request, visible_companies(request.user)), pk=data.company_id)
    if not can_record_support(request.user, company):
        raise HttpError(403, "Only the programme's staff record support.")
    if data.kind not in SupportEntry.Kind.values or data.visibility not in Visibility.values:
        raise HttpError(422, f"kind is one of {', '.join(SupportEntry.Kind.values)}; visibility one of staff, company.")
    try:
        entry = support_record(
            company,
            adviser=person_of(request),
            kind=data.kind,
            delivered_on=data.delivered_on,
            hours=data.hours,
            notes=data.notes,
            visibility=data.visibility,
        )
    except SupportError as error:
        raise HttpError(422, str(error)) from None
    return Status(201, _out(entry, True))
