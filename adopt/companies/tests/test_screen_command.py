import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from adopt.companies.models import Company
from adopt.companies.tests.companies_house_files import companies_house_csv, company_row
from adopt.geography.models import Area
from adopt.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(reference_data, tmp_path):
    programme = ProgrammeFactory(slug="east-lancashire", region=Area.objects.get(code="TLD"))
    programme.areas.set([Area.objects.get(code="east-lancashire")])
    rows = [
        company_row(),
        company_row(name="LEEDS SOFTWARE LTD", number="SC123456", postcode="LS1 4AP", sic="62012 - Software"),
        company_row(name="DISSOLVED FOODS LTD", number="07000001", postcode="BB1 2AA", status="Dissolved"),
    ]
    path = tmp_path / "sample.csv"
    path.write_text(companies_house_csv(rows), encoding="utf-8")
    return path


def test_screening_gives_one_row_per_company_with_verdict_and_reasons_and_imports_nothing(sample):
    out = StringIO()
    call_command("screen", str(sample), "--programme", "east-lancashire", stdout=out, stderr=StringIO())
    rows = list(csv.DictReader(StringIO(out.getvalue())))
    assert [(row["company_number"], row["verdict"]) for row in rows] == [
        ("00123456", "needs_information"),
        ("SC123456", "not_eligible"),
        ("07000001", "not_eligible"),
    ]
    assert "not manufacturing" in rows[1]["reasons"]
    assert "dissolved" in rows[2]["reasons"]
    assert not Company.objects.exists()


def test_screening_as_json_lines_lists_what_is_missing(sample):
    out = StringIO()
    call_command(
        "screen", str(sample), "--programme", "east-lancashire", "--format", "jsonl", stdout=out, stderr=StringIO()
    )
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["missing"] == ["staff headcount", "a declaration of subsidies received"]
