from django.forms import modelform_factory
from django.urls import reverse
from django.utils.html import escape

from adopt.companies.admin import CompanyAdminForm
from adopt.companies.models import Company
from adopt.companies.selectors import company_verdict, programme_rules, search_companies
from adopt.companies.tests.factories import CompanyFactory, CompanyMembershipFactory
from adopt.core.testing import assert_queries_do_not_grow
from adopt.geography.models import Area


def test_company_member_lists_only_their_own_companies(client, sme_user):
    client.force_login(sme_user)
    body = client.get(reverse("companies:company-list")).content.decode()
    assert "Ribble Plastics Ltd" in body
    assert "Tyne Textiles Ltd" not in body


def test_company_page_shows_the_people_acting_for_it_to_its_adviser(client, adviser, world):
    client.force_login(adviser)
    body = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).content.decode()
    assert escape(world.sme_member.full_name) in body  # a generated name may hold an apostrophe (O'Neill)
    assert "Ada Adviser" in body


def test_adviser_sees_every_company_of_their_programme_but_none_outside_it(client, adviser, world):
    CompanyFactory(programme=world.programme, name="Calder Foods Ltd")
    client.force_login(adviser)
    body = client.get(reverse("companies:company-list")).content.decode()
    assert "Calder Foods Ltd" in body
    assert "Tyne Textiles Ltd" not in body


def test_company_list_queries_do_not_grow_with_companies(client, manager, world):
    client.force_login(manager)

    def add_companies(count):
        for company in CompanyFactory.create_batch(count, programme=world.programme, adviser=world.adviser):
            CompanyMembershipFactory(company=company)

    assert_queries_do_not_grow(client, reverse("companies:company-list"), add_companies)


def test_company_search_finds_by_name_or_number_within_what_the_user_may_see(client, adviser, world):
    CompanyFactory(programme=world.programme, name="Calder Foods Ltd", companies_house_number="SC123456")
    client.force_login(adviser)
    by_name = client.get(reverse("companies:company-list"), {"q": "calder"}).content.decode()
    assert "Calder Foods Ltd" in by_name
    assert "Ribble Plastics Ltd" not in by_name
    by_number = client.get(reverse("companies:company-list"), {"q": "sc1234"}).content.decode()
    assert "Calder Foods Ltd" in by_number
    outside = client.get(reverse("companies:company-list"), {"q": "Tyne"}).content.decode()
    assert "Tyne Textiles Ltd" not in outside
    assert "No companies." in outside


def test_company_search_from_htmx_returns_only_the_results_table(client, adviser):
    client.force_login(adviser)
    response = client.get(reverse("companies:company-list"), {"q": "ribble"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Ribble Plastics Ltd" in body
    assert "<html" not in body
    assert body.lstrip().startswith("<table")


def test_company_list_pages_long_lists_and_keeps_the_search(client, manager, world):
    CompanyFactory.create_batch(60, programme=world.programme, name="Batch Engineering Ltd")
    client.force_login(manager)
    first = client.get(reverse("companies:company-list"), {"q": "batch"}).content.decode()
    assert first.count("Batch Engineering Ltd") == 50
    assert "Page 1 of 2 (60 results)" in first
    assert "?q=batch&amp;page=2" in first
    second = client.get(reverse("companies:company-list"), {"q": "batch", "page": 2}).content.decode()
    assert second.count("Batch Engineering Ltd") == 10


def test_company_page_explains_the_eligibility_verdict_rule_by_rule(client, adviser, world):
    world.company.status = "dissolved"
    world.company.sic_codes = ["62012"]
    world.company.save()
    client.force_login(adviser)
    body = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).content.decode()
    assert "The company has been dissolved" in body
    assert "The main activity (SIC 62012) is not manufacturing" in body
    assert "We need the number of staff" in body


def test_company_page_queries_do_not_grow_with_sites_and_contacts(client, adviser, world):
    from adopt.companies.models import Contact, Site

    client.force_login(adviser)

    def add_rows(count):
        for n in range(count):
            Site.objects.create(company=world.company, name=f"Works {n}", postcode=f"BB{n % 12 + 1} 1AA")
            Contact.objects.create(company=world.company, name=f"Contact {n}")

    assert_queries_do_not_grow(client, reverse("companies:company-detail", kwargs={"pk": world.company.pk}), add_rows)


def test_company_list_filters_by_eligibility_industry_and_size(client, manager, world):
    from adopt.companies.reference_data import load_sic_codes

    load_sic_codes()
    CompanyFactory(
        programme=world.programme,
        name="Eligible Metals Ltd",
        sic_codes=["25620"],
        staff_headcount=30,
        eligibility="eligible",
    )
    CompanyFactory(
        programme=world.programme,
        name="Big Foods Ltd",
        sic_codes=["10890"],
        staff_headcount=400,
        eligibility="not_eligible",
    )
    CompanyFactory(
        programme=world.programme,
        name="Small Foods Ltd",
        sic_codes=["10890"],
        staff_headcount=12,
        eligibility="eligible",
    )
    client.force_login(manager)
    url = reverse("companies:company-list")
    eligible = client.get(url, {"eligibility": "eligible"}).content.decode()
    assert "Eligible Metals Ltd" in eligible
    assert "Big Foods Ltd" not in eligible
    food = client.get(url, {"division": "10"}).content.decode()
    assert "Big Foods Ltd" in food
    assert "Eligible Metals Ltd" not in food
    small_food = client.get(url, {"division": "10", "size": "small"}).content.decode()
    assert "Small Foods Ltd" in small_food
    assert "Big Foods Ltd" not in small_food


def test_a_nonsense_filter_value_is_ignored_not_an_error(client, manager):
    client.force_login(manager)
    response = client.get(reverse("companies:company-list"), {"eligibility": "maybe", "size": "huge"})
    assert response.status_code == 200
    assert "Ribble Plastics Ltd" in response.content.decode()


def test_a_long_company_list_remembers_its_count_for_a_minute(client, manager, world, monkeypatch):
    monkeypatch.setattr("adopt.core.paging.REMEMBER_FROM", 3)
    CompanyFactory.create_batch(3, programme=world.programme)
    client.force_login(manager)
    first = client.get(reverse("companies:company-list")).context["page"].paginator.count
    CompanyFactory(programme=world.programme)
    again = client.get(reverse("companies:company-list")).context["page"].paginator.count
    assert again == first


def test_a_short_company_list_is_always_counted_exactly(client, manager, world):
    client.force_login(manager)
    first = client.get(reverse("companies:company-list")).context["page"].paginator.count
    CompanyFactory(programme=world.programme)
    again = client.get(reverse("companies:company-list")).context["page"].paginator.count
    assert again == first + 1


def test_a_filtered_list_has_its_own_remembered_count(client, manager, world, monkeypatch):
    monkeypatch.setattr("adopt.core.paging.REMEMBER_FROM", 1)
    CompanyFactory.create_batch(2, programme=world.programme, name="Pennine Widgets Ltd")
    client.force_login(manager)
    everyone = client.get(reverse("companies:company-list")).context["page"].paginator.count
    searched = client.get(reverse("companies:company-list"), {"q": "Pennine"}).context["page"].paginator.count
    assert searched == 2
    assert everyone > searched


def test_a_list_that_can_match_nothing_counts_none():
    from adopt.companies.models import Company
    from adopt.core.paging import RememberedCountPaginator

    assert RememberedCountPaginator(Company.objects.filter(pk__in=[]), 25).count == 0


def test_company_verdict_names_the_programme_areas_in_alphabetical_order(world):
    areas = [
        Area.objects.create(code=f"test-{n}", name=name, level=Area.Level.LOCAL_AUTHORITY)
        for n, name in enumerate(["Arun", "Adur", "Amber Valley"])
    ]
    world.programme.areas.set(areas)
    company = CompanyFactory(programme=world.programme)
    company_verdict(company)  # prefetches the areas it reads
    assert programme_rules(company.programme).area_name == "Adur, Amber Valley, Arun"


def test_the_back_office_stores_a_company_number_as_search_finds_it(world):
    company = world.company
    form_class = modelform_factory(Company, form=CompanyAdminForm, fields=["name", "companies_house_number"])
    form = form_class({"name": company.name, "companies_house_number": " sc12345 "}, instance=company)
    assert form.is_valid(), form.errors
    form.save()
    company.refresh_from_db()
    assert company.companies_house_number == "SC012345"
    assert list(search_companies(Company.objects.all(), "sc0123")) == [company]
