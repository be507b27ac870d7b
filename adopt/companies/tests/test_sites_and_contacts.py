import pytest
from django.urls import reverse

from adopt.companies.models import Company
from adopt.geography.models import Area


@pytest.fixture
def east_lancashire(reference_data, world):
    world.programme.areas.set([Area.objects.get(code="east-lancashire")])
    world.company.postcode = "LS1 4AP"
    world.company.save()
    return world


def test_a_site_inside_the_area_turns_the_location_rule_to_met(client, sme_user, east_lancashire):
    client.force_login(sme_user)
    url = reverse("companies:company-places-and-people", kwargs={"pk": east_lancashire.company.pk})
    client.post(url, {"action": "add-site", "site-name": "Rossendale works", "site-postcode": "bb4 5ab"})
    detail = client.get(reverse("companies:company-detail", kwargs={"pk": east_lancashire.company.pk})).content.decode()
    assert (
        "The site “Rossendale works” (BB4 5AB) is in East Lancashire (by its postcode sector in the ONS Postcode "
        "Directory)." in detail
    )


def test_a_site_with_only_a_district_is_refused(client, sme_user, east_lancashire):
    client.force_login(sme_user)
    url = reverse("companies:company-places-and-people", kwargs={"pk": east_lancashire.company.pk})
    body = client.post(url, {"action": "add-site", "site-name": "Works", "site-postcode": "BB4"}).content.decode()
    assert "Enter the site&#x27;s full postcode" in body
    assert not east_lancashire.company.sites.exists()


def test_contacts_are_added_and_removed(client, adviser, east_lancashire):
    client.force_login(adviser)
    url = reverse("companies:company-places-and-people", kwargs={"pk": east_lancashire.company.pk})
    client.post(url, {"action": "add-contact", "contact-name": "Priya Shah", "contact-email": "priya@example.test"})
    contact = east_lancashire.company.contacts.get()
    assert "Priya Shah" in client.get(url).content.decode()
    client.post(url, {"action": "remove-contact", "id": contact.pk})
    assert not east_lancashire.company.contacts.exists()


def test_nobody_removes_another_company_s_site_through_their_own(client, sme_user, east_lancashire):
    other_site = east_lancashire.other_company.sites.create(name="Tyne works", postcode="NE1 4ST")
    client.force_login(sme_user)
    url = reverse("companies:company-places-and-people", kwargs={"pk": east_lancashire.company.pk})
    client.post(url, {"action": "remove-site", "id": other_site.pk})
    assert Company.objects.get(pk=east_lancashire.other_company.pk).sites.exists()
