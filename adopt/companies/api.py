"""Companies for integrations: pages of companies changed since a time (a CRM's or a warehouse's incremental sync),
one company with its eligibility, and a company created by a CRM (checked by the same form as the page)."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.accounts.requests import person_of
from adopt.companies.forms import CompanyForm
from adopt.companies.models import Company, FactSource
from adopt.companies.policies import assignable_programmes, can_create_company, visible_companies
from adopt.companies.selectors import company_verdict
from adopt.companies.services import company_save
from adopt.core.api_csv import CSV_OPENAPI, csv_download
from adopt.core.api_errors import ERRORS, documented
from adopt.core.cursors import BadCursor, page_of

router = Router(tags=["companies"], auth=api_auth("companies"))


class CompanyOut(Schema):
    id: int
    name: str
    companies_house_number: str | None
    programme: str  # the programme's slug
    status: str
    postcode: str
    local_authority: str | None  # ONS code
    sic_codes: list[str]
    staff_headcount: int | None
    turnover_gbp: Decimal | None
    eligibility: str
    adviser_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CompanyPageOut(Schema):
    items: list[CompanyOut]
    next_cursor: str | None  # pass as `cursor` for the next page; null on the last


class ReasonOut(Schema):
    rule: str
    title: str
    outcome: str  # pass, fail, or unknown while facts are missing
    reason: str
    missing: list[str]


class CompanyDetailOut(CompanyOut):
    eligibility_reasons: list[ReasonOut]


class PageParams(Schema):
    updated_since: datetime.datetime | None = None
    cursor: str = ""
    limit: int = 100


class CompanyIn(Schema):
    programme: str
    name: str
    companies_house_number: str = ""
    postcode: str = ""
    sic_codes: list[str] = []
    staff_headcount: int | None = None
    turnover_gbp: Decimal | None = None


def _out(company: Company) -> dict[str, object]:
    return {
        "id": company.pk,
        "name": company.name,
        "companies_house_number": company.companies_house_number,
        "programme": company.programme.slug,
        "status": company.status,
        "postcode": company.postcode,
        "local_authority": company.local_authority.code if company.local_authority else None,
        "sic_codes": company.sic_codes,
        "staff_headcount": company.staff_headcount,
        "turnover_gbp": company.turnover_gbp,
        "eligibility": company.eligibility,
        "adviser_id": company.adviser_id,
        "created_at": company.created_at,
        "updated_at": company.updated_at,
    }


def readable_companies(request: HttpRequest) -> QuerySet[Company]:
    return within_token_programme(request, visible_companies(request.user)).select_related(
        "programme", "local_authority"
    )


@router.get("/", response=documented(CompanyPageOut), summary="Companies, oldest change first")
def list_companies(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    """The companies the caller may see, in pages of up to 500, oldest change first. For incremental sync, pass
    `updated_since` (the time of your last sync) and follow `next_cursor` until it is null."""
    try:
        page = page_of(
            readable_companies(request), cursor=params.cursor, limit=params.limit, updated_since=params.updated_since
        )
    except BadCursor as error:
        raise HttpError(400, str(error)) from None
    return {"items": [_out(company) for company in page.items], "next_cursor": page.next_cursor}


@router.get("/export.csv", response={200: str, **ERRORS}, openapi_extra=CSV_OPENAPI, summary="Every company as CSV")
def export_companies(request: HttpRequest, updated_since: datetime.datetime | None = None) -> StreamingHttpResponse:
    """The list's rows in one CSV file (for Power BI or Excel), changed since `updated_since` if given."""
    rows = readable_companies(request)
    return csv_download(rows, _out, list(CompanyOut.model_fields), "companies.csv", updated_since)


@router.get("/{company_id}", response=documented(CompanyDetailOut), summary="One company with its eligibility")
def get_company(request: HttpRequest, company_id: int) -> dict[str, object]:
    company = get_object_or_404(readable_companies(request), pk=company_id)
    verdict = company_verdict(company)
    reasons = [
        {
            "rule": line.rule,
            "title": line.title,
            "outcome": line.outcome.value,
            "reason": line.reason,
            "missing": list(line.missing),
        }
        for line in verdict.results
    ]
    return {**_out(company), "eligibility_reasons": reasons}


@router.post("/", response={201: CompanyDetailOut, **documented(CompanyDetailOut)}, summary="Add a company")
def create_company(request: HttpRequest, data: CompanyIn) -> Status[dict[str, object]]:
    """Add a company to a programme the caller works in, as a CRM pushes a new lead; checked as the page checks it."""
    if not can_create_company(request.user):
        raise HttpError(403, "Only programme staff add companies.")
    programme = within_token_programme(request, assignable_programmes(request.user), "pk").filter(slug=data.programme)
    chosen = programme.first()
    if chosen is None:
        raise HttpError(404, f"No programme {data.programme!r} that you may add companies to.")
    sic = {f"sic_{n}": code for n, code in enumerate(data.sic_codes[:4], start=1)}
    form_data = {
        "name": data.name,
        "companies_house_number": data.companies_house_number,
        "postcode": data.postcode,
        "staff_headcount": data.staff_headcount if data.staff_headcount is not None else "",
        "turnover_gbp": data.turnover_gbp if data.turnover_gbp is not None else "",
        "programme": chosen.pk,
        "status": Company.Status.ACTIVE,
        **sic,
    }
    form = CompanyForm(form_data, instance=Company(), user=request.user, staff=True)
    if not form.is_valid():
        problems = [f"{field}: {message}" for field, errors in form.errors.items() for message in errors]
        raise HttpError(422, "; ".join(problems))
    company = company_save(Company(), changes=form.changes(), source=FactSource.ADVISER, actor=person_of(request))
    return Status(201, get_company(request, company.pk))
