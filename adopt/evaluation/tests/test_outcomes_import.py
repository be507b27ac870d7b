from decimal import Decimal

import pytest

from adopt.companies.tests.factories import CompanyFactory
from adopt.evaluation.models import OutcomeObservation
from adopt.evaluation.services import OutcomeFileRefused, outcomes_import
from adopt.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _import(text, programme):
    return outcomes_import(text.splitlines(keepends=True), programme=programme, source="ONS BSD 2026")


def test_outcomes_are_saved_by_company_number_or_adopt_id():
    company = CompanyFactory(companies_house_number="01234567")
    other = CompanyFactory(programme=company.programme, companies_house_number=None)
    summary = _import(
        f'company_number,adopt_id,year,employees,turnover_gbp\n1234567,,2024,12,"1,500,000"\n,{other.pk},2024,3.5,\n',
        company.programme,
    )
    assert (summary.rows, summary.saved, summary.companies, summary.rejected) == (2, 2, 2, [])
    row = OutcomeObservation.objects.get(company_id=company.pk, year=2024)
    assert (row.employees, row.turnover_gbp, row.source) == (Decimal("12.0"), Decimal("1500000.00"), "ONS BSD 2026")
    assert OutcomeObservation.objects.get(company_id=other.pk).employees == Decimal("3.5")


def test_a_company_year_already_held_is_replaced():
    company = CompanyFactory(companies_house_number="01234567")
    _import("company_number,year,employees\n01234567,2024,12\n", company.programme)
    _import("company_number,year,employees\n01234567,2024,14\n", company.programme)
    assert OutcomeObservation.objects.get(company_id=company.pk, year=2024).employees == Decimal("14.0")


def test_each_bad_row_is_rejected_with_its_line_and_reason_and_the_rest_saved():
    company = CompanyFactory(companies_house_number="01234567")
    elsewhere = CompanyFactory(companies_house_number="07654321")  # another programme's company
    summary = _import(
        "company_number,year,employees\n"
        "01234567,2024,12\n"
        "07654321,2024,5\n"
        "01234567,1800,5\n"
        "01234567,2023,-4\n"
        "01234567,2022,\n"
        "01234567,2024,13\n"
        "ABC,2024,1\n"
        "01234567,twenty,1\n",
        company.programme,
    )
    reasons = {rejection.line: rejection.reason for rejection in summary.rejected}
    assert summary.saved == 1
    assert reasons[3].startswith("not in the programme")
    assert reasons[4].startswith("year out of range")
    assert reasons[5].startswith("employees must be zero or more")
    assert reasons[6].startswith("no figures")
    assert reasons[7].startswith("repeated")
    assert reasons[8].startswith("not a Companies House number")
    assert reasons[9].startswith("year is not a year")
    assert not OutcomeObservation.objects.filter(company_id=elsewhere.pk).exists()


def test_a_file_without_the_columns_it_needs_is_refused_whole():
    programme = ProgrammeFactory()
    with pytest.raises(OutcomeFileRefused, match="must name the columns"):
        _import("name,staff\nAcme,4\n", programme)
    with pytest.raises(OutcomeFileRefused, match="no outcome column"):
        _import("company_number,year\n01234567,2024\n", programme)


def test_a_blank_or_a_missing_column_keeps_the_figure_already_held():
    company = CompanyFactory(companies_house_number="01234567")
    _import("company_number,year,employees,turnover_gbp\n01234567,2024,12,900000\n", company.programme)
    _import("company_number,year,turnover_gbp\n01234567,2024,950000\n", company.programme)
    _import("company_number,year,employees,turnover_gbp\n01234567,2024,,\n01234567,2023,4,\n", company.programme)
    row = OutcomeObservation.objects.get(company_id=company.pk, year=2024)
    assert (row.employees, row.turnover_gbp) == (Decimal("12.0"), Decimal("950000.00"))


def test_rows_that_would_be_misread_are_rejected_rather_than_guessed():
    company = CompanyFactory(companies_house_number="01234567")
    summary = _import(
        "company_number,adopt_id,year,employees,turnover_gbp\n"
        "01234567,,2024,12,1,500\n"
        "01234567,,2023,3,4,\n"
        f"01234567,{company.pk + 999},2022,3,\n"
        '01234567,,2021,"3,4",\n'
        "01234567,,2020,1e30,\n",
        company.programme,
    )
    reasons = [rejection.reason for rejection in summary.rejected]
    assert summary.saved == 0
    assert reasons[0].startswith("wrong number of fields")
    assert reasons[1].startswith("wrong number of fields")
    assert reasons[2].startswith("not in the programme")
    assert reasons[3].startswith("employees is not a number")
    assert reasons[4].startswith("employees is not a number")


def test_a_company_named_twice_as_two_different_companies_is_rejected():
    company = CompanyFactory(companies_house_number="01234567")
    other = CompanyFactory(programme=company.programme)
    summary = _import(f"company_number,adopt_id,year,employees\n01234567,{other.pk},2024,3\n", company.programme)
    assert summary.rejected[0].reason.startswith("two companies named")


def test_a_negative_gva_is_kept_as_gva_can_be_negative():
    company = CompanyFactory(companies_house_number="01234567")
    _import("company_number,year,gva_gbp\n01234567,2024,-25000\n", company.programme)
    assert OutcomeObservation.objects.get(company_id=company.pk).gva_gbp == Decimal("-25000.00")


def test_a_column_adopt_does_not_know_refuses_the_file_before_anything_is_saved():
    programme = ProgrammeFactory()
    with pytest.raises(OutcomeFileRefused, match="columns Adopt does not know: employment"):
        _import("company_number,year,employment\n01234567,2024,3\n", programme)


def test_a_file_with_old_mac_line_endings_is_refused_with_the_line_not_a_crash():
    company = CompanyFactory(companies_house_number="01234567")
    with pytest.raises(OutcomeFileRefused, match="cannot be read as CSV"):
        outcomes_import(
            ["company_number,year,employees\n", "01234567,2024,3\r01234567,2023,4\n"],
            programme=company.programme,
            source="t",
        )
    assert not OutcomeObservation.objects.exists()


def test_a_column_named_twice_refuses_the_file():
    programme = ProgrammeFactory()
    with pytest.raises(OutcomeFileRefused, match="names a column twice: year"):
        _import("company_number,year,year,employees\n01234567,2024,2023,3\n", programme)
