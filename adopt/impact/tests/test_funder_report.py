import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from adopt.companies.models import Company
from adopt.companies.tests.factories import CompanyFactory
from adopt.funding.models import GrantApplication
from adopt.impact.periods import financial_year
from adopt.impact.reports import funder_pdf, funder_report
from adopt.impact.tests.factories import funder_report_file
from adopt.programmes.models import ProgrammeStaff
from adopt.support.models import Internship
from adopt.support.tests.factories import support_given

pytestmark = pytest.mark.django_db


def five_companies_supported(world):
    for company in [world.company, *(CompanyFactory(programme=world.programme) for _ in range(4))]:
        support_given(
            company_id=company.pk, adviser=world.adviser, kind="workshop", delivered_on=timezone.localdate(), hours=12
        )


def test_the_report_command_writes_a_pdf_and_a_workbook(world, tmp_path):
    five_companies_supported(world)
    out = io.StringIO()
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    call_command("report", "--programme", world.programme.slug, "--pdf", str(pdf), "--xlsx", str(xlsx), stdout=out)
    assert pdf.read_bytes().startswith(b"%PDF")
    book = load_workbook(xlsx)
    assert book.sheetnames[:3] == ["KPIs", "Over time", "Support"]
    supported = [
        row for row in book["Over time"].iter_rows(min_row=2, values_only=True) if row[0] == "Companies supported"
    ]
    assert supported[-1][5] == 5
    kpis = {row[0]: row[1] for row in book["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert kpis["Companies supported"] == 5
    assert kpis["New jobs"] == "missing"
    assert "Missing (shown as missing, not zero): " in out.getvalue()


def test_the_workbook_holds_no_names_of_people(world, tmp_path):
    five_companies_supported(world)
    Internship.objects.create(
        company=world.company, student="Priya Intern", hours=200, hourly_rate=12, starts_on=timezone.localdate()
    )
    xlsx = tmp_path / "report.xlsx"
    call_command("report", "--programme", world.programme.slug, "--xlsx", str(xlsx), stdout=io.StringIO())
    text = " ".join(
        str(value) for sheet in load_workbook(xlsx) for row in sheet.iter_rows(values_only=True) for value in row
    )
    assert world.adviser.get_full_name() not in text
    assert world.adviser.email not in text
    assert "Priya Intern" not in text
    assert "Internships" in load_workbook(xlsx).sheetnames


def test_a_period_that_is_not_a_financial_year_is_refused(world):
    with pytest.raises(CommandError, match="is not a financial year like 2026-27"):
        call_command("report", "--programme", world.programme.slug, "--period", "2026", "--pdf", "x.pdf")


def test_a_manager_downloads_the_workbook_from_the_dashboard(client, world):
    five_companies_supported(world)
    client.force_login(world.manager)
    response = funder_report_file(client, "xlsx", {"period": "all"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    hours = [row[4] for row in book["Support"].iter_rows(min_row=2, values_only=True)]
    assert sum(hours) == 60
    assert Decimal(60) == sum(Decimal(str(h)) for h in hours)


def test_the_pdf_charts_each_measure_over_time(world):
    five_companies_supported(world)
    report = funder_report([world.programme], financial_year("all"))
    assert [chart.series.key for chart in report.charts] == [
        "supported",
        "investing",
        "paid",
        "jobs",
        "upskilled",
        "gva_net",
        "co2e",
    ]
    assert report.charts[0].series.to_date[-1] == 5
    assert funder_pdf(report).startswith(b"%PDF")


def test_the_pdf_is_tagged_for_screen_readers_in_british_english(world):
    five_companies_supported(world)
    pdf = funder_pdf(funder_report([world.programme], financial_year("all")))
    catalog: Any = PdfReader(io.BytesIO(pdf)).root_object
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"


def test_an_evaluators_workbook_of_a_small_programme_holds_no_rows(client, world):
    support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=12)
    client.force_login(world.programme_evaluator)
    response = funder_report_file(client, "xlsx", {"period": "all"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["KPIs"]
    values = [row[1] for row in book["KPIs"].iter_rows(min_row=2, values_only=True)]
    assert set(values) <= {"missing", "not shown", 0}
    assert "not shown" in values


@pytest.mark.parametrize("role", ["programme_evaluator", "evaluator"])
def test_an_evaluators_workbook_holds_aggregates_and_no_company_at_all(client, world, role):
    five_companies_supported(world)
    client.force_login(getattr(world, role))
    response = funder_report_file(client, "xlsx", {"period": "all"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["KPIs", "Over time", "About"]
    cells = {str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row}
    numbers = {c.companies_house_number for c in Company.objects.all()}
    assert not numbers & cells
    assert not {c.name for c in Company.objects.all()} & cells


def test_the_grants_sheet_leaves_out_drafts(client, world):
    five_companies_supported(world)
    world.application.status = GrantApplication.Status.DRAFT
    world.application.save()
    client.force_login(world.manager)
    response = funder_report_file(client, "xlsx", {"period": "all"})
    book = load_workbook(io.BytesIO(response.content))
    assert world.application.pk not in [row[0] for row in book["Grants"].iter_rows(min_row=2, values_only=True)]


def test_the_report_command_writes_an_aggregates_only_workbook_for_evaluators(world, tmp_path):
    five_companies_supported(world)
    xlsx = tmp_path / "report.xlsx"
    call_command(
        "report", "--programme", world.programme.slug, "--xlsx", str(xlsx), "--aggregates-only", stdout=io.StringIO()
    )
    assert load_workbook(xlsx).sheetnames == ["KPIs", "Over time", "About"]


def test_an_adviser_who_evaluates_another_programme_gets_its_figures_as_an_evaluator(client, world):
    five_companies_supported(world)
    ProgrammeStaff.objects.create(
        programme=world.programme, user=world.sme_outsider, role=ProgrammeStaff.Role.EVALUATOR
    )
    ProgrammeStaff.objects.create(
        programme=world.other_programme, user=world.sme_outsider, role=ProgrammeStaff.Role.ADVISER
    )
    client.force_login(world.sme_outsider)
    response = funder_report_file(client, "xlsx", {"period": "all", "programme": world.programme.slug})
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["KPIs", "Over time", "About"]
