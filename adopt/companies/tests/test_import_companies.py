import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adopt.companies.models import Company
from adopt.companies.tests.companies_house_files import HEADER, companies_house_csv, company_row
from adopt.geography.models import Area
from adopt.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def east_lancashire(reference_data):
    programme = ProgrammeFactory(slug="east-lancashire", region=Area.objects.get(code="TLD"))
    programme.areas.set([Area.objects.get(code="east-lancashire")])
    return programme


def run_import(tmp_path, text: str, *args: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "BasicCompanyData.csv"
    path.write_bytes(text.encode(encoding))
    out = StringIO()
    call_command("import_companies", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_import_creates_companies_with_normalised_numbers_sic_codes_and_eligibility(tmp_path, east_lancashire):
    summary = run_import(tmp_path, companies_house_csv([company_row(number="123456")]))
    assert summary == "imported: 1, updated: 0, unchanged: 0, rejected: 0"
    company = Company.objects.get()
    assert company.companies_house_number == "00123456"
    assert company.sic_codes == ["25620"]
    assert company.programme == east_lancashire
    assert company.local_authority.name == "Rossendale"
    assert company.region.code == "TLD"
    assert company.eligibility == Company.Eligibility.NEEDS_INFORMATION  # staff and subsidies are not in the file


def test_reimporting_the_same_file_changes_nothing(tmp_path, east_lancashire):
    text = companies_house_csv([company_row(), company_row(name="BURNLEY PLASTICS LTD", number="00222222")])
    run_import(tmp_path, text)
    assert run_import(tmp_path, text) == "imported: 0, updated: 0, unchanged: 2, rejected: 0"
    assert Company.objects.count() == 2


def test_a_changed_row_updates_the_company_and_keeps_what_the_programme_added(tmp_path, east_lancashire):
    run_import(tmp_path, companies_house_csv([company_row()]))
    Company.objects.update(staff_headcount=40, notes="Met at the Burnley event")
    summary = run_import(tmp_path, companies_house_csv([company_row(status="Liquidation")]))
    assert summary == "imported: 0, updated: 1, unchanged: 0, rejected: 0"
    company = Company.objects.get()
    assert company.status == Company.Status.LIQUIDATION
    assert company.eligibility == Company.Eligibility.NOT_ELIGIBLE
    assert (company.staff_headcount, company.notes) == (40, "Met at the Burnley event")


def test_bad_rows_go_to_the_rejects_file_with_line_and_reason_and_nothing_half_written(tmp_path, east_lancashire):
    rows = [
        company_row(number="XX12"),
        company_row(number="00333333", incorporated="2015-06-15"),
        company_row(number="00444444", name=""),
        company_row(number="00555555"),
    ]
    rejects = tmp_path / "rejects.csv"
    summary = run_import(tmp_path, companies_house_csv(rows), "--rejects", str(rejects))
    assert summary == "imported: 1, updated: 0, unchanged: 0, rejected: 3"
    lines = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [(row["line"], row["company_number"]) for row in lines] == [
        ("2", "XX12"),
        ("3", "00333333"),
        ("4", "00444444"),
    ]
    assert "not DD/MM/YYYY" in lines[1]["reason"]
    assert "name is missing" in lines[2]["reason"]
    assert list(Company.objects.values_list("companies_house_number", flat=True)) == ["00555555"]


def test_manufacturing_only_rejects_other_activities(tmp_path, east_lancashire):
    rows = [company_row(), company_row(number="00666666", sic="62012 - Business and domestic software development")]
    summary = run_import(tmp_path, companies_house_csv(rows), "--manufacturing-only")
    assert summary == "imported: 1, updated: 0, unchanged: 0, rejected: 1"


def test_a_company_outside_every_programme_is_rejected_with_its_postcode(tmp_path, east_lancashire):
    rejects = tmp_path / "rejects.csv"
    run_import(tmp_path, companies_house_csv([company_row(postcode="LS1 4AP")]), "--rejects", str(rejects))
    assert "no programme covers the postcode LS1 4AP" in rejects.read_text(encoding="utf-8")


def test_a_postcode_missing_from_the_reference_data_is_unknown_not_a_crash(tmp_path, east_lancashire):
    summary = run_import(
        tmp_path, companies_house_csv([company_row(postcode="ZZ9 9ZZ")]), "--programme", "east-lancashire"
    )
    assert summary == "imported: 1, updated: 0, unchanged: 0, rejected: 0"
    assert Company.objects.get().local_authority is None


def test_utf8_with_bom_and_latin1_by_flag_are_read(tmp_path, east_lancashire):
    text = companies_house_csv([company_row(name="CAFÉ MACHINES LTD")])
    assert run_import(tmp_path, "\ufeff" + text).startswith("imported: 1")
    Company.objects.all().delete()
    assert run_import(tmp_path, text, "--encoding", "latin-1", encoding="latin-1").startswith("imported: 1")
    assert Company.objects.get().name == "CAFÉ MACHINES LTD"


def test_an_undecodable_byte_stops_with_the_line_named(tmp_path, east_lancashire):
    text = companies_house_csv([company_row(), company_row(name="CAFÉ LTD", number="00777777")])
    with pytest.raises(CommandError, match="Line 3 .*latin-1"):
        run_import(tmp_path, text, encoding="latin-1")


def test_missing_columns_stop_with_their_names(tmp_path, east_lancashire):
    header = [column for column in HEADER if column != "CompanyStatus"]
    with pytest.raises(CommandError, match="lacks the columns CompanyStatus"):
        run_import(tmp_path, companies_house_csv([], header=header))


def test_a_semicolon_separated_file_is_named_as_such(tmp_path, east_lancashire):
    with pytest.raises(CommandError, match="not comma-separated"):
        run_import(tmp_path, ";".join(HEADER) + "\n")


def test_an_unknown_programme_is_refused(tmp_path, east_lancashire):
    with pytest.raises(CommandError, match="No programme has the slug 'nowhere'"):
        run_import(tmp_path, companies_house_csv([company_row()]), "--programme", "nowhere")


def test_an_import_places_a_company_in_a_split_sector_by_its_exact_postcode(tmp_path, reference_data):
    from adopt.geography.exact_postcodes import load_exact_postcodes

    load_exact_postcodes(letters="B")
    blackburn = ProgrammeFactory(slug="blackburn", region=Area.objects.get(code="TLD"))
    blackburn.areas.set([Area.objects.get(code="E06000008")])
    rows = [
        company_row(name="BLACKBURN SIDE LTD", number="07700002", postcode="BB1 2AA"),
        company_row(name="HYNDBURN SIDE LTD", number="07700001", postcode="BB1 2BY"),
    ]
    summary = run_import(tmp_path, companies_house_csv(rows))
    assert summary.startswith("imported: 1, updated: 0, unchanged: 0, rejected: 1")
    company = Company.objects.get()
    assert (company.name, company.local_authority.code) == ("BLACKBURN SIDE LTD", "E06000008")
