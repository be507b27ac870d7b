"""Enquiries worked by the programme's team: owned, moved through their stages with reasons, noted, overdue when
nobody replied in time, and converted into one company with its contact."""

import datetime

from django.urls import reverse
from django.utils import timezone

from adopt.companies.models import Company
from adopt.onboarding.models import Enquiry
from adopt.onboarding.services import enquiry_record


def an_enquiry(world, **fields) -> Enquiry:
    values = {"name": "Jo Bloggs", "email": "jo@bloggs.example", "company_name": "Bloggs Castings Ltd"}
    return enquiry_record(programme=world.programme, **(values | fields))


def detail(enquiry: Enquiry) -> str:
    return reverse("onboarding:enquiry-detail", kwargs={"pk": enquiry.pk})


def test_the_enquirer_s_message_is_shown_to_the_programme_s_team(client, world):
    enquiry = an_enquiry(world, message="We want to connect our presses to an MES.")
    client.force_login(world.adviser)
    assert "We want to connect our presses to an MES." in client.get(detail(enquiry)).text


def test_a_new_enquiry_nobody_answered_in_time_is_flagged_overdue(client, world):
    enquiry = an_enquiry(world)
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=timezone.now() - datetime.timedelta(hours=49))
    client.force_login(world.manager)
    assert "Overdue" in client.get(reverse("onboarding:enquiry-list")).text
    client.post(detail(enquiry), {"action": "take"})
    client.post(detail(enquiry), {"action": "update", "status": "contacted", "owner": world.manager.pk})
    assert "Overdue" not in client.get(reverse("onboarding:enquiry-list")).text
    enquiry.refresh_from_db()
    assert (enquiry.owner, enquiry.status) == (world.manager, Enquiry.Status.CONTACTED)
    assert enquiry.first_contacted_at is not None


def test_closing_an_enquiry_needs_a_reason(client, world):
    enquiry = an_enquiry(world)
    client.force_login(world.adviser)
    page = client.post(detail(enquiry), {"action": "update", "status": "closed", "closed_reason": ""})
    assert "Say why the enquiry is closed." in page.text
    client.post(detail(enquiry), {"action": "update", "status": "closed", "closed_reason": "Not a manufacturer"})
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.closed_reason) == (Enquiry.Status.CLOSED, "Not a manufacturer")


def test_notes_are_kept_with_who_wrote_them(client, world):
    enquiry = an_enquiry(world)
    client.force_login(world.adviser)
    client.post(detail(enquiry), {"action": "note", "text": "Called; they want a visit in January."})
    page = client.get(detail(enquiry)).text
    assert "Called; they want a visit in January." in page
    assert world.adviser.full_name in page


def test_converting_makes_one_company_with_the_enquirer_as_its_contact(client, world):
    enquiry = an_enquiry(world, companies_house_number="12345678", postcode="BB4 5AB", phone="01706 000000")
    client.force_login(world.adviser)
    response = client.post(detail(enquiry), {"action": "convert"})
    company = Company.objects.get(companies_house_number="12345678")
    assert response.url == reverse("companies:company-detail", kwargs={"pk": company.pk})
    assert (company.name, company.programme) == ("Bloggs Castings Ltd", world.programme)
    assert list(company.contacts.values_list("email", flat=True)) == ["jo@bloggs.example"]
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.matched_company) == (Enquiry.Status.CONVERTED, company)


def test_a_second_enquiry_from_the_same_business_converts_to_the_same_company_and_contact(client, world):
    first = an_enquiry(world, companies_house_number="12345678")
    second = an_enquiry(world, companies_house_number="12345678", name="Jo B")
    client.force_login(world.adviser)
    client.post(detail(first), {"action": "convert"})
    client.post(detail(second), {"action": "convert"})
    company = Company.objects.get(companies_house_number="12345678")
    assert company.contacts.count() == 1
    assert Company.objects.filter(name="Bloggs Castings Ltd").count() == 1


def test_staff_of_another_programme_cannot_open_or_convert_an_enquiry(client, world):
    enquiry = an_enquiry(world)
    from adopt.programmes.tests.factories import ProgrammeStaffFactory

    outsider = ProgrammeStaffFactory(programme=world.other_programme, role="manager").user
    client.force_login(outsider)
    assert client.get(detail(enquiry)).status_code == 404
    assert client.post(detail(enquiry), {"action": "convert"}).status_code == 404
    assert not Company.objects.filter(name="Bloggs Castings Ltd").exists()


def test_an_enquiry_naming_another_programme_s_company_is_not_added_to_it(client, world):
    world.other_company.companies_house_number = "87654321"
    world.other_company.save()
    enquiry = an_enquiry(world, companies_house_number="87654321")
    client.force_login(world.adviser)
    client.post(detail(enquiry), {"action": "convert"})
    assert not world.other_company.contacts.filter(email="jo@bloggs.example").exists()
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_an_enquirer_added_as_a_contact_is_never_sent_a_code_to_join_the_company(client, world):
    from adopt.onboarding.policies import claim_code_addresses

    enquiry = an_enquiry(world, companies_house_number="12345678")
    client.force_login(world.adviser)
    client.post(detail(enquiry), {"action": "convert"})
    company = Company.objects.get(companies_house_number="12345678")
    assert company.contacts.get().from_enquiry
    assert claim_code_addresses(company) == []


def test_a_national_admin_who_takes_an_enquiry_stays_its_owner_after_saving(client, world):
    enquiry = an_enquiry(world)
    client.force_login(world.national_admin)
    client.post(detail(enquiry), {"action": "take"})
    client.post(detail(enquiry), {"action": "update", "status": "contacted", "owner": world.national_admin.pk})
    enquiry.refresh_from_db()
    assert enquiry.owner == world.national_admin
    assert f'<option value="{world.national_admin.pk}" selected>' in client.get(detail(enquiry)).text


def test_the_adviser_who_converts_an_enquiry_becomes_the_company_s_adviser(client, world):
    enquiry = an_enquiry(world, company_name="Adviser Taken Ltd")
    client.force_login(world.adviser)
    client.post(detail(enquiry), {"action": "convert"})
    assert Company.objects.get(name="Adviser Taken Ltd").adviser == world.adviser


def test_a_company_converted_by_a_manager_waits_for_an_adviser_under_a_rule_by_hand(client, world):
    enquiry = an_enquiry(world, company_name="Manager Converted Ltd")
    client.force_login(world.manager)
    client.post(detail(enquiry), {"action": "convert"})
    company = Company.objects.get(name="Manager Converted Ltd")
    assert company.adviser is None
    queue = client.get(reverse("companies:unassigned", args=[world.programme.slug])).text
    assert "Manager Converted Ltd" in queue
