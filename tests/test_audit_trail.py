"""Every state change of a company, its assessment, support, roadmap and account names who made it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.models import Assessment
from adopt.assessments.services import assessment_submit
from adopt.companies.models import Company
from adopt.companies.services import company_save
from adopt.core.audit import Action, audit_trail
from adopt.roadmaps.models import Roadmap
from adopt.roadmaps.services import roadmap_agree
from adopt.support.tests.factories import support_given

pytestmark = pytest.mark.django_db


def actions(model, pk):
    return [(event.action, event.actor) for event in audit_trail(model, pk)]


def test_a_company_records_its_creation_changes_adviser_and_move(world):
    company = company_save(
        Company(programme=world.programme),
        changes={"name": "Pennine Castings Ltd", "postcode": "BB1 1AA", "status": Company.Status.ACTIVE},
        actor=world.adviser,
    )
    company_save(company, changes={"staff_headcount": 40}, actor=world.adviser)
    company_save(company, changes={"adviser": world.adviser}, actor=world.manager)
    company_save(company, changes={"programme": world.other_programme}, actor=world.national_admin)
    assert actions(Company, company.pk) == [
        (Action.CREATED, world.adviser),
        (Action.CHANGED, world.adviser),
        (Action.ADVISER_ASSIGNED, world.manager),
        (Action.MOVED, world.national_admin),
    ]


def test_support_an_assessment_and_an_agreed_roadmap_are_each_recorded(world):
    support_given(company=world.company, adviser=world.adviser, delivered_on=timezone.localdate(), hours=Decimal(3))
    draft = world.draft
    draft.answers = world.assessment.answers
    draft.save()
    assessment_submit(draft, actor=world.sme_member)
    roadmap_agree(
        world.roadmap,
        world.roadmap.versions.first(),
        actor=world.adviser,
        for_company_by="Pat Director",
        agreed_on=timezone.localdate(),
    )
    assert actions(Company, world.company.pk)[-1] == (Action.SUPPORT_RECORDED, world.adviser)
    assert actions(Assessment, draft.pk)[-1] == (Action.ASSESSMENT_SUBMITTED, world.sme_member)
    assert actions(Roadmap, world.roadmap.pk)[-1] == (Action.AGREED, world.adviser)


def test_a_password_change_is_recorded_against_the_account(client, world):
    world.sme_member.set_password("an-old-password-1")
    world.sme_member.save()
    client.force_login(world.sme_member)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "an-old-password-1",
            "new_password1": "a-new-long-passphrase-7",
            "new_password2": "a-new-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert actions(User, world.sme_member.pk) == [(Action.PASSWORD_CHANGED, world.sme_member)]
