"""Where each fact about a company came from is kept and said in every verdict."""

import pytest
from django.urls import reverse

from adopt.companies.eligibility import CompanyFacts, ProgrammeRules, assess_eligibility
from adopt.companies.models import Company, FactSource
from adopt.companies.tests.companies_house_files import companies_house_csv, company_row
from adopt.companies.tests.test_company_forms import valid_company
from adopt.companies.tests.test_import_companies import run_import
from adopt.core.models import AuditEvent
from adopt.geography.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(reference_data, world):
    world.programme.areas.set([Area.objects.get(code="east-lancashire")])
    world.programme.region = Area.objects.get(code="TLD")
    world.programme.save()
    return world


def verdict_text(client, company) -> str:
    return client.get(reverse("companies:company-detail", kwargs={"pk": company.pk})).content.decode()


def facts(status_source: str) -> CompanyFacts:
    return CompanyFacts(
        staff_headcount=20,
        turnover_gbp=None,
        balance_sheet_gbp=None,
        primary_sic="25620",
        status="active",
        locations=(),
        subsidy_received_gbp=None,
        status_source=status_source,
        sic_source=status_source,
        size_source=status_source,
    )


@pytest.mark.parametrize("source", ["", "business", "adviser"])
def test_only_a_companies_house_status_reads_active_at_companies_house(source):
    verdict = assess_eligibility(facts(source), ProgrammeRules(area_name="East Lancashire"))
    reasons = " ".join(result.reason for result in verdict.results)
    assert "active at Companies House" not in reasons
    assert "The company is active (" in reasons


def test_a_companies_house_status_says_so():
    verdict = assess_eligibility(facts("companies_house"), ProgrammeRules(area_name="East Lancashire"))
    assert "The company is active at Companies House." in [result.reason for result in verdict.results]


def test_a_company_registered_by_its_owner_with_a_made_up_number_is_declared_not_checked(client, reference):
    client.force_login(reference.sme_outsider)
    client.post(
        reverse("onboarding:new-company"),
        {"name": "Made Up Ltd", "companies_house_number": "99999999", "postcode": "BB5 3AB", "sic": "25620"},
    )
    company = Company.objects.get(name="Made Up Ltd")
    assert (company.status_source, company.sic_source) == (FactSource.BUSINESS, FactSource.BUSINESS)
    body = verdict_text(client, company)
    assert "active at Companies House" not in body
    assert "as declared by the business, not yet confirmed by an adviser" in body


def test_a_companies_house_import_marks_status_and_sic_as_from_companies_house(tmp_path, reference, client):
    run_import(tmp_path, companies_house_csv([company_row(number="123456")]), "--programme", reference.programme.slug)
    company = Company.objects.get(companies_house_number="00123456")
    assert (company.status_source, company.sic_source) == (FactSource.COMPANIES_HOUSE, FactSource.COMPANIES_HOUSE)
    client.force_login(reference.national_admin)
    assert "The company is active at Companies House." in verdict_text(client, company)


def test_an_owner_s_edit_is_declared_and_the_adviser_confirms_it(client, reference):
    company = reference.company
    company.size_source = FactSource.COMPANIES_HOUSE
    company.save()
    client.force_login(reference.sme_member)
    data = valid_company(name=company.name, companies_house_number=company.companies_house_number, staff_headcount="40")
    client.post(reverse("companies:company-edit", kwargs={"pk": company.pk}), data)
    company.refresh_from_db()
    assert company.size_source == FactSource.BUSINESS
    assert company.facts_declared_at is not None
    assert "Your adviser will confirm" in verdict_text(client, company)
    assert client.post(reverse("companies:company-confirm-facts", kwargs={"pk": company.pk})).status_code == 403

    client.force_login(reference.adviser)
    assert "Declared by the business, not yet confirmed" in verdict_text(client, company)
    stale = client.post(
        reverse("companies:company-confirm-facts", kwargs={"pk": company.pk}),
        {"declared_at": "2020-01-01"},
        follow=True,
    )
    assert "changed its facts while you were looking" in stale.content.decode()
    company.refresh_from_db()
    assert company.size_source == FactSource.BUSINESS
    client.post(
        reverse("companies:company-confirm-facts", kwargs={"pk": company.pk}),
        {"declared_at": company.facts_declared_at.isoformat()},
    )
    company.refresh_from_db()
    assert company.size_source == FactSource.ADVISER
    assert company.facts_declared_at is None
    assert AuditEvent.objects.filter(object_id=company.pk, action="facts confirmed", actor=reference.adviser).exists()
    assert "Declared by the business, not yet confirmed" not in verdict_text(client, company)


def test_an_owner_s_edit_that_leaves_a_fact_alone_keeps_its_source(client, reference):
    company = reference.company
    company.status, company.status_source = "active", FactSource.COMPANIES_HOUSE
    company.save()
    client.force_login(reference.sme_member)
    data = valid_company(name=company.name, companies_house_number=company.companies_house_number)
    client.post(reverse("companies:company-edit", kwargs={"pk": company.pk}), data)
    company.refresh_from_db()
    assert company.status_source == FactSource.COMPANIES_HOUSE


def test_an_adviser_s_edit_is_recorded_as_the_programme_s(client, reference):
    company = reference.company
    client.force_login(reference.adviser)
    data = valid_company(
        name=company.name,
        companies_house_number=company.companies_house_number,
        staff_headcount="41",
        programme=reference.programme.pk,
    )
    client.post(reverse("companies:company-edit", kwargs={"pk": company.pk}), data)
    company.refresh_from_db()
    assert company.size_source == FactSource.ADVISER


def test_an_adviser_of_another_programme_cannot_confirm(client, reference):
    company = reference.company
    company.size_source = FactSource.BUSINESS
    company.save()
    client.force_login(reference.other_programme.staff.get().user)
    assert client.post(reverse("companies:company-confirm-facts", kwargs={"pk": company.pk})).status_code == 404
