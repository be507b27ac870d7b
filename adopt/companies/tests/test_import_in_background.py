"""On PostgreSQL, outside a transaction, the import writes each batch on a second connection while it reads the
next: the same counts and rows as writing them in turn, even when a company appears in two batches."""

import pytest

from adopt.companies.importer import import_companies
from adopt.companies.models import Company
from adopt.companies.reference_data import load_sic_codes
from adopt.companies.tests.companies_house_files import companies_house_csv, company_row
from adopt.geography.models import Area
from adopt.geography.reference_data import load_geography
from adopt.programmes.tests.factories import ProgrammeFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def east_lancashire():
    load_geography()
    load_sic_codes()
    programme = ProgrammeFactory(slug="east-lancashire", region=Area.objects.get(code="TLD"))
    programme.areas.set([Area.objects.get(code="east-lancashire")])
    return programme


def import_text(text: str, programme) -> tuple[str, list[str]]:
    rejected: list[str] = []
    summary = import_companies(
        text.splitlines(keepends=True),
        programme=programme,
        on_rejection=lambda rejection: rejected.append(f"{rejection.line}: {rejection.reason}"),
        batch_size=2,
    )
    return summary.line(), rejected


def test_a_company_in_two_batches_is_added_by_the_first_and_changed_by_the_second(east_lancashire):
    rows = [
        company_row(name="ROSSENDALE PRECISION LIMITED", number="00100001"),
        company_row(name="BACUP CASTINGS LIMITED", number="00100002"),
        company_row(name="ROSSENDALE PRECISION LIMITED", number="00100001", status="Liquidation"),
        company_row(name="HASLINGDEN TOOLING LIMITED", number="00100003"),
        company_row(name="NO NUMBER LIMITED", number="XX"),
    ]
    summary, rejected = import_text(companies_house_csv(rows), east_lancashire)
    assert summary == "imported: 3, updated: 1, unchanged: 0, rejected: 1"
    assert [reason.split(":")[0] for reason in rejected] == ["6"]
    company = Company.objects.get(companies_house_number="00100001")
    assert (company.status, company.eligibility) == (Company.Status.LIQUIDATION, Company.Eligibility.NOT_ELIGIBLE)
    assert Company.objects.count() == 3


def test_importing_the_same_file_again_in_background_leaves_every_company_unchanged(east_lancashire):
    rows = [company_row(name=f"ROSSENDALE WORKS {n} LIMITED", number=f"{100_000 + n:08d}") for n in range(7)]
    text = companies_house_csv(rows)
    assert import_text(text, east_lancashire)[0] == "imported: 7, updated: 0, unchanged: 0, rejected: 0"
    assert import_text(text, east_lancashire)[0] == "imported: 0, updated: 0, unchanged: 7, rejected: 0"
    names = set(Company.objects.values_list("name", flat=True))
    assert names == {f"ROSSENDALE WORKS {n} LIMITED" for n in range(7)}
