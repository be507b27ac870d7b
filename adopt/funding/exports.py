"""Exports of a fund's applications, awards and ledger: Excel with real cell types, 360Giving JSON, and the subsidy
transparency database's CSV files."""

import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.core.spreadsheets import SafeCsvWriter, add_sheet, new_workbook, workbook_bytes
from adopt.funding.models import Fund, GrantApplication, PaymentRun
from adopt.funding.policies import exportable_funds
from adopt.funding.selectors import ledger_for
from adopt.funding.transparency import AWARD_COLUMNS, SCHEME_COLUMNS, awards_to_publish, schemes_to_publish
from adopt.funding.workflow import AWARDED


def _sheet(title: str, header: list[str], rows: Iterable[list[Any]], money: set[int], dates: set[int]) -> bytes:
    book = new_workbook()
    add_sheet(book, title, header, rows, money, dates, first=True)
    return workbook_bytes(book)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def applications_workbook(fund: Fund, awarded_only: bool = False) -> bytes:
    applications = GrantApplication.objects.filter(scheme__fund=fund).select_related("company", "scheme")
    if awarded_only:
        applications = applications.filter(status__in=AWARDED)
    header = [
        "Reference",
        "Company",
        "Companies House number",
        "Scheme",
        "Title",
        "Status",
        "Financial year",
        "Submitted",
        "Decided",
        "Requested",
        "Award",
        "Paid",
    ]
    rows = (
        [
            f"APP-{a.pk:06d}",
            a.company.name,
            a.company.companies_house_number or "",
            a.scheme.name,
            a.title,
            a.get_status_display(),
            financial_year_label(a.financial_year),
            _local_date(a.submitted_at),
            _local_date(a.decided_at),
            a.grant_requested,
            a.award,
            a.paid,
        ]
        for a in applications.order_by("pk")
    )
    return _sheet("Awards" if awarded_only else "Applications", header, rows, money={9, 10, 11}, dates={7, 8})


def ledger_workbook(fund: Fund) -> bytes:
    header = ["Date", "Financial year", "Budget year", "Kind", "Application", "Company", "Amount", "By"]
    rows = (
        [
            timezone.localdate(e.at),
            financial_year_label(financial_year_of(timezone.localdate(e.at))),
            financial_year_label(e.fund_year.year),
            e.get_kind_display(),
            f"APP-{e.application_id:06d}",
            e.application.company.name,
            e.amount,
            str(e.actor),
        ]
        for e in ledger_for(fund).order_by("at", "pk")
    )
    return _sheet("Ledger", header, rows, money={6}, dates={0})


@require_safe
@login_required
def fund_export_excel(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    fund = get_object_or_404(exportable_funds(request.user), pk=pk)
    builders = {
        "applications": lambda: applications_workbook(fund),
        "awards": lambda: applications_workbook(fund, awarded_only=True),
        "ledger": lambda: ledger_workbook(fund),
    }
    if what not in builders:
        raise Http404("No such export")
    response = HttpResponse(
        builders[what](), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{what}-{fund.pk}.xlsx"'
    return response


def company_identifier(number: str | None) -> str | None:
    """GB-COH- and the Companies House number as its 8 characters, leading zeros kept or put back (01234567,
    SC012345)."""
    if not number:
        return None
    number = number.strip().upper()
    letters = number[:2] if number[:2].isalpha() else ""
    digits = number[len(letters) :]
    if digits.isdigit():
        number = letters + digits.zfill(8 - len(letters))
    return f"GB-COH-{number}"


def three_sixty_giving(fund: Fund) -> dict[str, Any]:
    """Awards in the 360Giving Data Standard's JSON shape (grants with recipient and funding organisations)."""
    prefix = fund.identifier_prefix
    funder = {"id": fund.funder_identifier or f"{prefix}-FUNDER", "name": fund.funder}
    grants = []
    for a in (
        GrantApplication.objects.filter(scheme__fund=fund, status__in=AWARDED)
        .select_related("company__region", "scheme")
        .order_by("pk")
    ):
        registered = company_identifier(a.company.companies_house_number)
        recipient: dict[str, Any] = {
            "id": registered or f"{prefix}-ORG-{a.company_id}",
            "name": a.company.name,
            "postalCode": a.company.postcode,
        }
        if registered:
            recipient["companyNumber"] = registered.removeprefix("GB-COH-")
        grant: dict[str, Any] = {
            "id": f"{prefix}-APP-{a.pk:06d}",
            "title": a.title,
            "description": a.description or a.title,
            "currency": "GBP",
            "amountAwarded": float(a.award),
            "awardDate": timezone.localdate(a.decided_at or a.created_at).isoformat(),
            "dateModified": timezone.localtime(a.updated_at).isoformat(timespec="seconds"),
            "recipientOrganization": [recipient],
            "fundingOrganization": [funder],
            "grantProgramme": [{"code": f"{prefix}-SCHEME-{a.scheme_id}", "title": a.scheme.name}],
        }
        if a.company.region:
            grant["beneficiaryLocation"] = [{"name": a.company.region.name, "geoCode": a.company.region.code}]
        grants.append(grant)
    return {"version": "1.4", "grants": grants}


@require_safe
@login_required
def fund_export_360giving(request: HttpRequest, pk: int) -> JsonResponse:
    fund = get_object_or_404(exportable_funds(request.user), pk=pk)
    response = JsonResponse(three_sixty_giving(fund), json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="360giving-{fund.pk}.json"'
    return response


@require_safe
@login_required
def fund_export_transparency(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Awards over the publishing amount, or the fund's schemes, for the subsidy transparency database."""
    fund = get_object_or_404(exportable_funds(request.user).select_related("programme"), pk=pk)
    if what == "awards":
        columns, rows = AWARD_COLUMNS, awards_to_publish(fund)
    elif what == "schemes":
        columns, rows = SCHEME_COLUMNS, schemes_to_publish(fund)
    else:
        raise Http404("No such export")
    text = io.StringIO()
    writer = SafeCsvWriter(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subsidy-transparency-{what}-{fund.pk}.csv"'
    return response


# The layout of Xero's bill import template (a purchase bill per claim); starred columns are the ones it requires.
FINANCE_COLUMNS = [
    "*ContactName",
    "EmailAddress",
    "POAddressLine1",
    "POAddressLine2",
    "POAddressLine3",
    "POAddressLine4",
    "POCity",
    "PORegion",
    "POPostalCode",
    "POCountry",
    "*InvoiceNumber",
    "*InvoiceDate",
    "*DueDate",
    "InventoryItemCode",
    "Description",
    "*Quantity",
    "*UnitAmount",
    "*AccountCode",
    "*TaxType",
    "TrackingName1",
    "TrackingOption1",
    "TrackingName2",
    "TrackingOption2",
    "Currency",
]


def finance_rows(run: PaymentRun) -> Iterable[list[object]]:
    """One bill line per claim in the run: the grant is outside the scope of VAT, tracked by fund and budget year."""
    run_date = f"{timezone.localdate(run.created_at):%d/%m/%Y}"
    claims = run.claims.select_related("application__company", "application__scheme__fund").order_by("pk")
    for claim in claims:
        application = claim.application
        company = application.company
        fund = application.scheme.fund
        yield [
            company.name,
            "",
            company.address_line_1,
            company.address_line_2,
            "",
            "",
            company.post_town,
            company.county,
            company.postcode,
            "United Kingdom",
            f"{run.reference}/{claim.pk}",
            run_date,
            run_date,
            "",
            f"Grant APP-{application.pk:06d}: {application.title} (claim {claim.pk})",
            "1",
            f"{claim.amount:.2f}",
            fund.nominal_code,
            "No VAT",
            "Fund",
            fund.name,
            "Budget year",
            financial_year_label(application.financial_year),
            "GBP",
        ]


@require_safe
@login_required
def payment_run_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(PaymentRun.objects.filter(fund__in=exportable_funds(request.user)), pk=pk)
    text = io.StringIO()
    writer = SafeCsvWriter(text)
    writer.writerow(FINANCE_COLUMNS)
    for row in finance_rows(run):
        writer.writerow(row)
    response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.reference}.csv"'
    return response
