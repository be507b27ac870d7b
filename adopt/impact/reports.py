"""The funder report for programmes and a period: a PDF (summary, KPIs against targets, method) and an Excel
workbook (the KPIs, then one sheet per measure with its raw rows and no personal data)."""

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from weasyprint import HTML

from adopt.core.spreadsheets import add_sheet, workbook_bytes
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.impact.charts import ProgressChart, progress_chart
from adopt.impact.kpis import MINIMUM_SHOWN, Assumptions, Kpi, Period, programme_kpis, suppressed
from adopt.impact.models import FollowUpReport
from adopt.impact.selectors import kpi_inputs, kpi_series, within_period
from adopt.impact.series import suppressed_series
from adopt.programmes.models import Programme
from adopt.support.models import CohortPlace, Internship, SupportEntry, UpskilledRole


@dataclass(frozen=True)
class FunderReport:
    programmes: list[Programme]
    period: Period
    kpis: list[Kpi]
    companies: int
    assumptions: Assumptions
    charts: list[ProgressChart]
    made_at: Any
    small_groups_hidden: bool

    @property
    def too_few_to_show(self) -> bool:
        return self.small_groups_hidden and self.companies < MINIMUM_SHOWN

    @property
    def title(self) -> str:
        names = ", ".join(p.name for p in self.programmes) if len(self.programmes) <= 2 else "All programmes"
        return f"{names}: report to the funder, {self.period.label}"


def funder_report(programmes: list[Programme], period: Period, *, suppress_small: bool = True) -> FunderReport:
    inputs = kpi_inputs(programmes, period)
    kpis = programme_kpis(inputs)
    if suppress_small:
        kpis = suppressed(kpis, inputs.engaged)
    series = kpi_series(programmes, period, timezone.localdate())
    if suppress_small:
        series = suppressed_series(series, inputs.engaged, MINIMUM_SHOWN)
    charts = [progress_chart(one, width=520, height=170) for one in series]
    return FunderReport(
        programmes, period, kpis, inputs.engaged, inputs.assumptions, charts, timezone.now(), suppress_small
    )


def funder_pdf(report: FunderReport) -> bytes:
    html = render_to_string("impact/funder_report_pdf.html", {"report": report})
    return HTML(string=html).write_pdf() or b""


def funder_workbook(report: FunderReport, *, company_rows: bool) -> bytes:
    """KPIs and their quarters, then (for programme staff only) raw rows per measure by Companies House number.

    Without `company_rows` the workbook holds aggregates alone, as evaluators see everywhere (decision 0002).
    No names of people appear in either.
    """
    ids = [p.pk for p in report.programmes]
    period = report.period
    book = Workbook()
    add_sheet(
        book,
        "KPIs",
        ["Measure", "Figure", "Unit", "Target", "% of target", "How it is worked out"],
        (
            [
                kpi.title,
                kpi.figure.value if kpi.figure.value is not None else "missing",
                kpi.figure.unit,
                kpi.target,
                kpi.share_of_target,
                kpi.figure.explain(),
            ]
            for kpi in report.kpis
        ),
        first=True,
    )
    if report.too_few_to_show:
        return workbook_bytes(book)
    add_sheet(
        book,
        "Over time",
        ["Measure", "Unit", "Quarter", "Quarter starts", "Added in the quarter", "Total to date", "Target"],
        (
            [
                chart.series.title,
                chart.series.unit,
                quarter.label,
                quarter.starts_on,
                added,
                to_date,
                chart.series.target,
            ]
            for chart in report.charts
            for quarter, added, to_date in chart.series.rows
        ),
        set(),
        {3},
    )
    if not company_rows:
        add_sheet(
            book,
            "About",
            ["This workbook holds the programme's figures only: rows per company are kept for the"],
            [["programme's own staff, and evaluators work from aggregates with small groups hidden."]],
        )
        return workbook_bytes(book)
    support = SupportEntry.objects.filter(company__programme_id__in=ids).filter(within_period("delivered_on", period))
    add_sheet(
        book,
        "Support",
        ["Company number", "Programme", "Date", "Kind", "Hours"],
        (
            [number or "", programme, day, kind, hours]
            for number, programme, day, kind, hours in support.values_list(
                "company__companies_house_number", "company__programme__slug", "delivered_on", "kind", "hours"
            ).iterator(chunk_size=5000)
        ),
        set(),
        {2},
    )
    add_sheet(
        book,
        "Upskilled roles",
        ["Company number", "Role", "Training", "Provider", "Completed"],
        (
            list(row)
            for row in UpskilledRole.objects.filter(company__programme_id__in=ids)
            .filter(within_period("completed_on", period))
            .values_list("company__companies_house_number", "role", "training", "provider", "completed_on")
        ),
        set(),
        {4},
    )
    add_sheet(
        book,
        "Internships",
        ["Company number", "Hours", "Hourly rate", "Starts", "Ends", "Outcome"],
        (
            list(row)
            for row in Internship.objects.filter(company__programme_id__in=ids)
            .filter(within_period("starts_on", period))
            .values_list("company__companies_house_number", "hours", "hourly_rate", "starts_on", "ends_on", "outcome")
        ),
        {2},
        {3, 4},
    )
    add_sheet(
        book,
        "Leadership places",
        ["Company number", "Cohort", "Starts", "Ends", "Sessions", "Sessions attended", "Sessions to complete"],
        (
            list(row)
            for row in CohortPlace.objects.filter(cohort__programme_id__in=ids)
            .filter(within_period("cohort__starts_on", period))
            .values_list(
                "company__companies_house_number",
                "cohort__name",
                "cohort__starts_on",
                "cohort__ends_on",
                "cohort__sessions",
                "sessions_attended",
                "cohort__sessions_to_complete",
            )
        ),
        set(),
        {2, 3},
    )
    add_sheet(
        book,
        "Grant payments",
        ["Application", "Company number", "Kind", "Amount", "Date"],
        (
            [application, number, kind, amount, at.date()]
            for application, number, kind, amount, at in LedgerEntry.objects.filter(
                application__company__programme_id__in=ids
            )
            .filter(within_period("at__date", period))
            .values_list("application_id", "application__company__companies_house_number", "kind", "amount", "at")
        ),
        {3},
        {4},
    )
    fields = [
        "jobs_created",
        "jobs_safeguarded",
        "roles_upskilled",
        "new_sales",
        "retained_sales",
        "cost_savings",
        "investment_plant",
        "investment_it",
        "investment_training",
        "electricity_saved_kwh",
        "gas_saved_kwh",
        "productivity_pct",
        "satisfaction",
        "likely_to_recommend",
        "without_support",
    ]
    add_sheet(
        book,
        "Follow-ups",
        ["Application", "Company number", "Months after payment", "Reported", *fields],
        (
            list(row)
            for row in FollowUpReport.objects.filter(application__company__programme_id__in=ids)
            .filter(within_period("reported_on", period))
            .values_list(
                "application_id", "application__company__companies_house_number", "months", "reported_on", *fields
            )
        ),
        {7, 8, 9, 10, 11, 12},
        {3},
    )
    # A draft is the company's own working, not yet put to the programme.
    applications = GrantApplication.objects.filter(company__programme_id__in=ids).exclude(
        status=GrantApplication.Status.DRAFT
    )
    add_sheet(
        book,
        "Grants",
        ["Application", "Company number", "Status", "Award", "Paid", "Expected jobs", "Expected roles upskilled"],
        (
            list(row)
            for row in applications.values_list(
                "pk",
                "company__companies_house_number",
                "status",
                "award",
                "paid",
                "expected_jobs",
                "expected_roles_upskilled",
            )
        ),
        {3, 4},
        set(),
    )
    return workbook_bytes(book)
