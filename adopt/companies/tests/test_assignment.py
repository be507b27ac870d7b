import pytest
from django.core import mail
from django.urls import reverse

from adopt.companies import assignment
from adopt.companies.models import AssignmentRule, Company
from adopt.companies.tests.factories import CompanyFactory
from adopt.geography.models import Area
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.tests.factories import ProgrammeStaffFactory

Method = AssignmentRule.Method


@pytest.fixture
def second_adviser(world):
    return ProgrammeStaffFactory(
        programme=world.programme, role=ProgrammeStaff.Role.ADVISER, user__full_name="Ben Second"
    ).user


def a_new_company(world, **fields):
    return CompanyFactory(programme=world.programme, adviser=None, **fields)


def test_in_turn_gives_each_new_company_to_the_adviser_with_the_fewest(world, manager, second_adviser):
    assignment.rule_set(world.programme, method=Method.IN_TURN, patches={}, actor=manager)
    held = Company.objects.filter(programme=world.programme, adviser=world.adviser).count()
    given = [assignment.company_route(a_new_company(world), how="signed up", actor=None) for _ in range(held + 2)]
    assert given.count(second_adviser) == held + 1
    assert given.count(world.adviser) == 1


def test_by_local_authority_uses_the_named_adviser_and_the_rest_go_in_turn(world, manager, second_adviser):
    burnley = Area.objects.create(code="E07000117", name="Burnley", level=Area.Level.LOCAL_AUTHORITY)
    assignment.rule_set(
        world.programme, method=Method.BY_LOCAL_AUTHORITY, patches={burnley.pk: world.adviser}, actor=manager
    )
    in_burnley = a_new_company(world)
    Company.objects.filter(pk=in_burnley.pk).update(local_authority=burnley)
    in_burnley.refresh_from_db()
    assert assignment.company_route(in_burnley, how="signed up", actor=None) == world.adviser
    assert assignment.company_route(a_new_company(world), how="signed up", actor=None) == second_adviser


def test_by_hand_a_new_company_waits_and_the_programme_s_managers_are_told(world, manager):
    company = a_new_company(world, name="Waiting Widgets Ltd")
    assert assignment.company_route(company, how="registered by the business", actor=None) is None
    told = [m for m in mail.outbox if manager.email in m.to and "Waiting Widgets Ltd is waiting" in m.subject]
    assert told
    assert "registered by the business" in told[0].body


def test_applying_the_rule_to_the_queue_gives_every_waiting_company_an_adviser(world, manager, second_adviser):
    waiting = [a_new_company(world) for _ in range(4)]
    assignment.rule_set(world.programme, method=Method.IN_TURN, patches={}, actor=manager)
    assigned, left = assignment.queue_route(world.programme, actor=manager)
    assert (assigned, left) == (4, 0)
    assert not Company.objects.filter(pk__in=[c.pk for c in waiting], adviser__isnull=True).exists()


def test_a_manager_assigns_a_waiting_company_from_the_queue(client, world, manager, second_adviser):
    company = a_new_company(world)
    client.force_login(manager)
    page = client.get(reverse("companies:unassigned", args=[world.programme.slug])).content.decode()
    assert company.name in page
    client.post(
        reverse("companies:unassigned", args=[world.programme.slug]),
        {"company": company.pk, "adviser": second_adviser.pk},
    )
    company.refresh_from_db()
    assert company.adviser == second_adviser


def test_an_adviser_takes_a_waiting_company_on_but_cannot_give_it_to_a_colleague(
    client, world, adviser, second_adviser
):
    company = a_new_company(world)
    client.force_login(adviser)
    url = reverse("companies:unassigned", args=[world.programme.slug])
    client.post(url, {"company": company.pk, "adviser": second_adviser.pk})
    company.refresh_from_db()
    assert company.adviser is None
    client.post(url, {"company": company.pk, "adviser": adviser.pk})
    company.refresh_from_db()
    assert company.adviser == adviser


def test_an_adviser_cannot_change_the_rule(client, world, adviser):
    client.force_login(adviser)
    response = client.post(reverse("companies:assignment-rule", args=[world.programme.slug]), {"method": "in_turn"})
    assert response.status_code == 403
    assert assignment.rule_of(world.programme).method == Method.MANUAL


def test_a_business_without_an_adviser_asks_for_one_and_the_programme_is_told(client, world, manager, sme_user):
    Company.objects.filter(pk=world.company.pk).update(adviser=None)
    client.force_login(sme_user)
    response = client.post(reverse("companies:ask-for-adviser", args=[world.company.pk]))
    assert response.url == reverse("companies:company-detail", args=[world.company.pk])
    told = [m for m in mail.outbox if manager.email in m.to and "is waiting for an adviser" in m.subject]
    assert len(told) == 1
    assert "asked for one by the business" in told[0].body
    client.post(reverse("companies:ask-for-adviser", args=[world.company.pk]))
    assert len([m for m in mail.outbox if "is waiting for an adviser" in m.subject]) == 1


def test_a_business_asking_under_a_rule_in_turn_gets_its_adviser_at_once(client, world, manager, sme_user):
    Company.objects.filter(pk=world.company.pk).update(adviser=None)
    assignment.rule_set(world.programme, method=Method.IN_TURN, patches={}, actor=manager)
    client.force_login(sme_user)
    client.post(reverse("companies:ask-for-adviser", args=[world.company.pk]))
    assert Company.objects.get(pk=world.company.pk).adviser == world.adviser


def test_someone_who_does_not_act_for_the_company_cannot_ask_for_its_adviser(client, world):
    client.force_login(world.sme_outsider)
    assert client.post(reverse("companies:ask-for-adviser", args=[world.company.pk])).status_code == 403
