from django.urls import reverse

from adopt.companies.tests.factories import CompanyFactory, CompanyMembershipFactory
from adopt.core.testing import assert_queries_do_not_grow


def test_company_member_lists_only_their_own_companies(client, sme_user):
    client.force_login(sme_user)
    body = client.get(reverse("companies:company-list")).content.decode()
    assert "Ribble Plastics Ltd" in body
    assert "Tyne Textiles Ltd" not in body


def test_company_page_shows_the_people_acting_for_it_to_its_adviser(client, adviser, world):
    client.force_login(adviser)
    body = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).content.decode()
    assert world.sme_member.full_name in body
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
