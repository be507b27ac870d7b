"""Each fact that moves a company's stage reaches its milestones through a domain event, once committed."""

from decimal import Decimal
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from adopt.assessments.models import Assessment
from adopt.assessments.services import assessment_submit
from adopt.assessments.tests.factories import AssessmentFactory
from adopt.companies.models import Company
from adopt.companies.tests.factories import CompanyFactory
from adopt.core.testing import tiny_pdf
from adopt.funding.models import GrantApplication
from adopt.funding.services import application_transition, claim_submit, review_add
from adopt.funding.tests.factories import (
    FundYearFactory,
    SchemeFactory,
    accept_offer,
    make_eligible,
    ready_application,
    submit_application,
)
from adopt.impact.models import CompanyMilestones

pytestmark = pytest.mark.django_db
S = GrantApplication.Status


def milestones(company):
    return CompanyMilestones.objects.get(company=company)


def test_a_grant_payment_makes_the_company_investing_on_the_day_it_is_paid(world):
    year = FundYearFactory(fund__programme=world.programme)
    make_eligible(world.company, world.programme)
    application = ready_application(world.company, SchemeFactory(fund=year.fund), created_by=world.sme_member)
    submit_application(application.pk, actor=world.adviser)
    application_transition(application.pk, S.IN_REVIEW, actor=world.adviser)
    review_add(
        GrantApplication.objects.get(pk=application.pk),
        reviewer=world.adviser,
        scores={"fit": 4, "value": 4},
        comment="",
    )
    application_transition(application.pk, S.RECOMMENDED, actor=world.adviser)
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    accept_offer(application.pk, actor=world.sme_member)
    claim_submit(
        GrantApplication.objects.get(pk=application.pk),
        actor=world.sme_member,
        amount=Decimal("5000"),
        invoice_date=timezone.localdate(),
        invoice=SimpleUploadedFile("invoice.pdf", tiny_pdf(), content_type="application/pdf"),
        proof=SimpleUploadedFile("proof.pdf", tiny_pdf(), content_type="application/pdf"),
    )
    application_transition(application.pk, S.CLAIM_APPROVED, actor=world.adviser)
    assert milestones(world.company).investing_on is None
    application_transition(application.pk, S.PAID, actor=world.manager)
    assert milestones(world.company).investing_on == timezone.localdate()


def test_submitting_an_assessment_makes_the_company_assessed(world):
    company = cast(Company, CompanyFactory(programme=world.programme))
    draft = AssessmentFactory(company=company, status=Assessment.Status.DRAFT, submitted_at=None)
    assert not CompanyMilestones.objects.filter(company=company, assessed_on__isnull=False).exists()
    assessment_submit(draft, actor=world.adviser)
    assert milestones(company).assessed_on == timezone.localdate()
