"""Joining a company takes proof: a code sent to the company's own address, or an adviser's approval."""

import re
from typing import cast

import pytest
from django.core import mail
from django.urls import reverse

from adopt.accounts.models import User
from adopt.accounts.tests.factories import UserFactory
from adopt.companies.models import CompanyMembership, Contact
from adopt.core.models import AuditEvent
from adopt.funding.models import GrantApplication
from adopt.onboarding.claims import CLAIMS_PER_COMPANY, CLAIMS_PER_PERSON
from adopt.onboarding.models import MembershipRequest

pytestmark = pytest.mark.django_db


def someone(**fields) -> User:
    return cast(User, UserFactory(**fields))


@pytest.fixture
def memberless(world):
    world.company.memberships.all().delete()
    world.company.postcode = "BB4 5AB"
    world.company.save()
    Contact.objects.create(company=world.company, name="Jo Finance", email="jo.finance@ribble.example")
    return world.company


def claim(client, company, postcode="BB4 5AB"):
    return client.post(
        reverse("onboarding:claim-company", kwargs={"pk": company.pk}),
        {"registered_postcode": postcode, "role_at_company": "Director"},
    )


def send_code(client, company):
    contact = company.contacts.get()
    return client.post(
        reverse("onboarding:claim-company", kwargs={"pk": company.pk}), {"action": "code", "contact": contact.pk}
    )


def enter_code(client, company, code):
    return client.post(reverse("onboarding:claim-code", kwargs={"pk": company.pk}), {"code": code})


def codes_mailed() -> list:
    """The emails carrying a claim code (staff are told of each claim too)."""
    return [message for message in mail.outbox if message.subject.startswith("Your code")]


def code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_the_right_registered_postcode_no_longer_joins_a_company_with_no_members(client, memberless):
    person = someone()
    client.force_login(person)
    response = claim(client, memberless)
    assert "Your programme adviser will check and confirm" in response.content.decode()
    assert not CompanyMembership.objects.filter(user=person).exists()
    request = MembershipRequest.objects.get(user=person, company=memberless)
    assert (request.postcode_given, request.postcode_matches) == ("BB4 5AB", True)


def test_a_pending_claimant_sees_nothing_of_the_company(client, world, memberless):
    client.force_login(someone())
    claim(client, memberless)
    assert client.get(reverse("companies:company-detail", kwargs={"pk": memberless.pk})).status_code == 404
    assert client.get(reverse("funding:application-detail", kwargs={"pk": world.application.pk})).status_code == 404
    assert client.get(reverse("companies:company-places-and-people", kwargs={"pk": memberless.pk})).status_code == 404


def test_a_pending_claimant_cannot_withdraw_the_company_s_application(client, world, memberless):
    client.force_login(someone())
    claim(client, memberless)
    status_before = world.application.status
    client.post(reverse("funding:application-move", kwargs={"pk": world.application.pk}), {"to": "withdrawn"})
    world.application.refresh_from_db()
    assert world.application.status == status_before != GrantApplication.Status.WITHDRAWN


def test_the_claim_page_offers_a_code_only_to_masked_addresses_on_the_record(client, memberless):
    client.force_login(someone())
    page = client.get(reverse("onboarding:claim-company", kwargs={"pk": memberless.pk})).content.decode()
    assert "jo•••@r•••.example" in page
    assert "jo.finance@ribble.example" not in page


def test_a_code_sent_to_the_company_s_address_joins_as_owner(client, memberless):
    person = someone()
    client.force_login(person)
    assert send_code(client, memberless).url == reverse("onboarding:claim-code", kwargs={"pk": memberless.pk})
    assert codes_mailed()[0].to == ["jo.finance@ribble.example"]
    assert person.email in codes_mailed()[0].body
    assert person.full_name not in codes_mailed()[0].body  # a name the claimant typed is not put in our email
    joined = enter_code(client, memberless, code_in(codes_mailed()[0]))
    assert joined.url == reverse("companies:company-detail", kwargs={"pk": memberless.pk})
    membership = CompanyMembership.objects.get(user=person, company=memberless)
    assert membership.role == CompanyMembership.Role.OWNER


def test_a_code_works_once_and_only_for_the_person_who_asked(client, memberless):
    asker, other = someone(), someone()
    client.force_login(asker)
    send_code(client, memberless)
    code = code_in(codes_mailed()[0])
    client.force_login(other)
    refused = enter_code(client, memberless, code)
    assert refused.status_code == 200
    assert not CompanyMembership.objects.filter(user=other).exists()
    client.force_login(asker)
    enter_code(client, memberless, code)
    assert CompanyMembership.objects.filter(user=asker, company=memberless).exists()
    assert "expired or been used up" in enter_code(client, memberless, code).content.decode()
    client.force_login(someone())
    assert "expired or been used up" in enter_code(client, memberless, code).content.decode()


def test_five_wrong_codes_spend_the_code(client, memberless):
    person = someone()
    client.force_login(person)
    send_code(client, memberless)
    code = code_in(codes_mailed()[0])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        enter_code(client, memberless, wrong)
    late = enter_code(client, memberless, code)
    assert "expired or been used up" in late.content.decode()
    assert not CompanyMembership.objects.filter(user=person).exists()


def test_no_code_is_offered_or_sent_once_someone_acts_for_the_company(client, world):
    Contact.objects.create(company=world.company, name="Jo Finance", email="jo.finance@ribble.example")
    client.force_login(someone())
    page = client.get(reverse("onboarding:claim-company", kwargs={"pk": world.company.pk})).content.decode()
    assert "jo•••@r•••.example" not in page
    refused = send_code(client, world.company)
    assert refused.status_code == 400
    assert codes_mailed() == []


def test_a_code_cannot_be_sent_to_an_address_the_company_does_not_hold(client, world, memberless):
    stranger = Contact.objects.create(company=world.other_company, name="Eve", email="eve@attacker.example")
    client.force_login(someone())
    response = client.post(
        reverse("onboarding:claim-company", kwargs={"pk": memberless.pk}), {"action": "code", "contact": stranger.pk}
    )
    assert response.status_code == 400
    assert codes_mailed() == []


def test_claim_attempts_are_limited_per_person(client, world, memberless):
    person = someone()
    client.force_login(person)
    for _ in range(CLAIMS_PER_PERSON):
        assert claim(client, memberless, postcode="LS1 4AP").status_code == 200
    assert claim(client, world.other_company, postcode="LS1 4AP").status_code == 429


def test_codes_sent_are_limited_per_company_across_people(client, memberless):
    for _ in range(CLAIMS_PER_COMPANY):
        client.force_login(someone())
        send_code(client, memberless)
    client.force_login(someone())
    assert send_code(client, memberless).status_code == 429
    assert len(codes_mailed()) == CLAIMS_PER_COMPANY


def test_requests_to_the_adviser_cannot_use_up_the_owner_s_codes(client, memberless):
    for _ in range(CLAIMS_PER_COMPANY + 2):
        client.force_login(someone())
        claim(client, memberless, postcode="LS1 4AP")
    owner = someone()
    client.force_login(owner)
    send_code(client, memberless)
    enter_code(client, memberless, code_in(codes_mailed()[-1]))
    assert CompanyMembership.objects.filter(user=owner, company=memberless).exists()


def test_every_attempt_is_in_the_company_s_audit_trail(client, memberless):
    person = someone()
    client.force_login(person)
    claim(client, memberless, postcode="LS1 4AP")
    send_code(client, memberless)
    enter_code(client, memberless, "000000" if code_in(codes_mailed()[0]) != "000000" else "111111")
    actions = list(AuditEvent.objects.filter(object_id=memberless.pk, actor=person).values_list("action", flat=True))
    assert actions == ["claim requested", "claim code sent", "claim code wrong"]
    assert "does not match" in AuditEvent.objects.filter(action="claim requested").get().comment


def test_the_adviser_sees_the_claimant_the_record_and_the_mismatch_then_approves(client, world, memberless):
    claimant = someone(email="someone@gmail.example")
    client.force_login(claimant)
    claim(client, memberless, postcode="LS1 4AP")
    client.force_login(world.adviser)
    page = client.get(reverse("onboarding:membership-requests")).content.decode()
    assert claimant.email in page
    assert memberless.companies_house_number in page
    assert "Does not match" in page
    assert "Not one the company&#x27;s contacts use" in page or "Not one the company's contacts use" in page
    request = MembershipRequest.objects.get(user=claimant)
    client.post(reverse("onboarding:membership-requests"), {"request": request.pk, "approve": "yes"})
    assert CompanyMembership.objects.filter(user=claimant, company=memberless).exists()
    assert AuditEvent.objects.filter(object_id=memberless.pk, action="claim approved", actor=world.adviser).exists()


def test_a_claim_on_a_company_with_members_waits_for_the_adviser(client, world):
    person = someone()
    client.force_login(person)
    response = claim(client, world.company, postcode=world.company.postcode)
    assert "Your programme adviser will check and confirm" in response.content.decode()
    assert not CompanyMembership.objects.filter(user=person).exists()


def test_an_adviser_of_another_programme_cannot_decide_the_request(client, world, memberless):
    person = someone()
    client.force_login(person)
    claim(client, memberless)
    outsider = world.other_programme.staff.get().user
    client.force_login(outsider)
    request = MembershipRequest.objects.get(user=person)
    response = client.post(reverse("onboarding:membership-requests"), {"request": request.pk, "approve": "yes"})
    assert response.status_code == 404
    assert not CompanyMembership.objects.filter(user=person).exists()


def test_a_company_registered_by_its_owner_gets_an_adviser_by_the_programme_s_rule(world):
    from adopt.companies.assignment import rule_set
    from adopt.companies.models import AssignmentRule
    from adopt.onboarding.services import company_register

    rule_set(world.programme, method=AssignmentRule.Method.IN_TURN, patches={}, actor=world.manager)
    company = company_register(
        user=world.sme_outsider,
        programme=world.programme,
        name="Registered Rollers Ltd",
        companies_house_number="09999999",
        postcode="BB1 2AA",
        sic_codes=["25620"],
        staff_headcount=12,
    )
    assert company.adviser == world.adviser
