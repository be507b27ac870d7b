"""The funder report for programmes and a period: a PDF (summary, KPIs against targets, method) and an Excel
workbook (the KPIs, then one sheet per measure with its raw rows and no personal data), and the figures alone as
CSV. All of them show one `KpiReport`, so they agree with the dashboard and the API."""

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from adopt.core.spreadsheets import SafeCsvWriter, add_sheet, new_workbook, workbook_bytes
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.impact.charts import ProgressChart, progress_chart
from adopt.impact.kpis import Kpi, KpiReport
from adopt.impact.models import FollowUpReport
from adopt.impact.periods import Period
from adopt.impact.report_sections import report_sections
from adopt.impact.selectors import kpi_report, within_period
from adopt.programmes.models import Programme
from adopt.support.models import CohortPlace, Internship, SupportEntry, UpskilledRole


@dataclass(frozen=True)
class FunderReport:
    programmes: list[Programme]
    summary: KpiReport
    charts: list[ProgressChart]
    made_at: Any

    @property
    def period(self) -> Period:
        return self.summary.period

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        return self.summary.kpis

    @property
    def too_few_to_show(self) -> bool:
        return self.summary.too_few_to_show

    @property
    def title(self) -> str:
        names = ", ".join(p.name for p in self.programmes) if len(self.programmes) <= 2 else "All programmes"
        return f"{names}: report to the funder, {self.period.label}"


def funder_report(programmes: list[Programme], period: Period, *, suppress_small: bool = True) -> FunderReport:
    kpis = kpi_report(programmes, period, timezone.localdate(), hide_small_groups=suppress_small)
    charts = [progress_chart(one, width=520, height=170) for one in kpis.charted]
    return FunderReport(programmes, kpis, charts, timezone.now())


def funder_pdf(report: FunderReport) -> bytes:
    from weasyprint import HTML  # loaded when a PDF is printed: it costs every process half a second and its fonts

    return HTML(string=funder_html(report)).write_pdf(pdf_variant="pdf/ua-1") or b""


def funder_html(report: FunderReport) -> str:
    """The report as the HTML the PDF is printed from."""
    sections = report_sections(report.programmes, report.period)
    return render_to_string("impact/funder_report_pdf.html", {"report": report, "sections": sections})


def _shown(kpi: Kpi) -> Any:
    return kpi.figure.value if kpi.figure.value is not None else "not shown" if kpi.hidden else "missing"


def funder_csv(report: FunderReport) -> bytes:
    """One row per measure and quarter, then one per measure for the whole period: the figures alone."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(["Measure", "Key", "Unit", "Quarter", "Starts", "Ends", "Added", "Total to date", "Definition"])
    definitions = {kpi.key: kpi.definition for kpi in report.kpis}
    for one in report.summary.series:
        for span, added, to_date in one.rows:
            writer.writerow(
                [
                    one.title,
                    one.key,
                    one.unit,
                    span.label,
                    span.starts_on,
                    span.ends_on,
                    "not shown" if added is None else added,
                    "not shown" if to_date is None else to_date,
                    definitions[one.key],
                ]
            )
    for kpi in report.kpis:
        period = report.period
        writer.writerow(
            [
                kpi.title,
                kpi.key,
                kpi.figure.unit,
                f"Whole period: {period.label}",
                period.starts_on or "",
                period.ends_on or "",
                _shown(kpi),
                "",
                kpi.definition,
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def funder_workbook(report: FunderReport, *, company_rows: bool) -> bytes:
    """KPIs and their quarters, then (for programme staff only) raw rows per measure by Companies House number.

    Without `company_rows` the workbook holds aggregates alone, as evaluators see everywhere (decision 0002).
    No names of people appear in either.
    """
    book = new_workbook()
    add_sheet(
        book,
        "KPIs",
        [
            "Measure",
            "Figure",
            "Unit",
            "Target",
            "% of target",
            "Companies behind it",
            "Definition",
            "How it is worked out",
        ],
        (
            [
                kpi.title,
                _shown(kpi),
                kpi.figure.unit,
                kpi.target,
                kpi.share_of_target,
                kpi.companies if kpi.figure.value is not None else None,
                kpi.definition,
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
        ["Measure", "Unit", "Quarter", "Starts", "Ends", "Added in the quarter", "Total to date", "Target"],
        (
            [
                one.title,
                one.unit,
                span.label,
                span.starts_on,
                span.ends_on,
                "not shown" if added is None else added,
                "not shown" if to_date is None else to_date,
                one.target,
            ]
            for one in report.summary.series
            for span, added, to_date in one.rows
        ),
        set(),
        {3, 4},
    )
    if not company_rows:
        add_sheet(
            book,
            "About",
            ["This workbook holds the programme's figures only: rows per company are kept for the"],
            [["programme's own staff, and evaluators work from aggregates with small groups hidden."]],
        )
        return workbook_bytes(book)
    ids = [p.pk for p in report.programmes]
    period = report.period
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
            [application, number, kind, amount, timezone.localdate(at)]
            for application, number, kind, amount, at in LedgerEntry.objects.filter(
                application__company__programme_id__in=ids
            )
            .filter(within_period("at__date", period))
            .values_list("application_id", "application__company__companies_house_number", "kind", "amount", "at")
        ),
        {3},
        {4},
    )
    fields = list(FollowUpReport.OUTCOME_FIELDS)
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
