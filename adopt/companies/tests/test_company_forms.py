import pytest
from django.urls import reverse

from adopt.companies.models import Company
from adopt.geography.models import Area


@pytest.fixture
def reference(reference_data, world):
    world.programme.areas.set([Area.objects.get(code="east-lancashire")])
    return world


def valid_company(**overrides):
    data = {
        "name": "Hyndburn Castings Ltd",
        "companies_house_number": "654321",
        "status": "active",
        "address_line_1": "Unit 2, Canal Works",
        "postcode": "bb5 3ab",
        "sic_1": "24530",
        "staff_headcount": "35",
        "turnover_gbp": "3200000",
        "subsidy_declared_on": "2026-10-01",
    }
    return data | overrides


def test_adviser_adds_a_company_and_sees_its_eligibility(client, adviser, reference):
    client.force_login(adviser)
    data = valid_company(programme=reference.programme.pk, adviser=adviser.pk)
    response = client.post(reverse("companies:company-create"), data)
    company = Company.objects.get(companies_house_number="00654321")
    assert response.url == reverse("companies:company-detail", kwargs={"pk": company.pk})
    assert company.postcode == "BB5 3AB"
    assert company.sic_codes == ["24530"]
    assert company.local_authority.name == "Hyndburn"
    assert company.eligibility == Company.Eligibility.ELIGIBLE
    page = client.get(response.url).content.decode()
    assert "has been added" in page
    assert "Eligible" in page


def test_bad_input_is_explained_next_to_each_field_and_nothing_is_saved(client, adviser, reference):
    client.force_login(adviser)
    data = valid_company(programme=reference.programme.pk, companies_house_number="XX1", postcode="BB1", sic_1="99998")
    body = client.post(reverse("companies:company-create"), data).content.decode()
    assert "There is a problem" in body
    assert "XX is not a Companies House number prefix" in body
    assert "BB1 is a postcode district: enter the full postcode" in body
    assert "99998 is not a five-digit UK SIC 2007 code" in body
    assert 'href="#id_postcode"' in body
    assert not Company.objects.filter(name="Hyndburn Castings Ltd").exists()


def test_a_duplicate_companies_house_number_is_refused(client, adviser, reference):
    client.force_login(adviser)
    number = reference.company.companies_house_number
    body = client.post(
        reverse("companies:company-create"),
        valid_company(programme=reference.programme.pk, companies_house_number=number),
    ).content.decode()
    assert "already exists" in body


def test_an_adviser_cannot_put_a_company_in_a_programme_they_do_not_work_in(client, adviser, reference):
    client.force_login(adviser)
    body = client.post(
        reverse("companies:company-create"), valid_company(programme=reference.other_programme.pk)
    ).content.decode()
    assert "Select a valid choice" in body
    assert not Company.objects.filter(name="Hyndburn Castings Ltd").exists()


def test_a_member_updates_their_company_and_eligibility_follows(client, sme_user, reference):
    company = reference.company
    client.force_login(sme_user)
    form_page = client.get(reverse("companies:company-edit", kwargs={"pk": company.pk})).content.decode()
    assert 'name="programme"' not in form_page  # programme, adviser and notes are for staff
    data = valid_company(
        name=company.name, companies_house_number=company.companies_house_number, staff_headcount="400"
    )
    client.post(reverse("companies:company-edit", kwargs={"pk": company.pk}), data)
    company.refresh_from_db()
    assert company.staff_headcount == 400
    assert company.programme == reference.programme
    assert company.eligibility == Company.Eligibility.NOT_ELIGIBLE


def test_an_empty_form_says_what_is_required(client, adviser, reference):
    client.force_login(adviser)
    body = client.post(reverse("companies:company-create"), {}).content.decode()
    assert "Enter the company&#x27;s name." in body
    assert "Choose the programme the company joins." in body


def test_a_member_cannot_change_the_company_s_companies_house_number(client, sme_user, reference):
    company = reference.company
    number = company.companies_house_number
    client.force_login(sme_user)
    client.post(
        reverse("companies:company-edit", kwargs={"pk": company.pk}),
        valid_company(name=company.name, companies_house_number="01234567"),
    )
    company.refresh_from_db()
    assert company.companies_house_number == number


def test_staff_record_the_vat_and_paye_references_and_a_member_cannot(client, adviser, sme_user, reference):
    company = reference.company
    data = valid_company(
        name=company.name,
        companies_house_number=company.companies_house_number,
        programme=reference.programme.pk,
        vat_number="GB980780684",
        paye_reference="123/ab45678",
    )
    client.force_login(adviser)
    client.post(reverse("companies:company-edit", kwargs={"pk": company.pk}), data)
    company.refresh_from_db()
    assert (company.vat_number, company.paye_reference) == ("980780684", "123/AB45678")
    client.force_login(sme_user)
    client.post(reverse("companies:company-edit", kwargs={"pk": company.pk}), data | {"vat_number": "123456789"})
    company.refresh_from_db()
    assert company.vat_number == "980780684"


def test_a_vat_number_that_does_not_add_up_is_refused_with_the_reason(client, adviser, reference):
    company = reference.company
    client.force_login(adviser)
    body = client.post(
        reverse("companies:company-edit", kwargs={"pk": company.pk}),
        valid_company(name=company.name, programme=reference.programme.pk, vat_number="123456789"),
    ).content.decode()
    assert "is not a UK VAT registration number" in body
