import datetime
import random

import pytest

from adopt.companies.models import Company
from adopt.companies.tests.factories import CompanyFactory
from adopt.evaluation.models import CompanyBaseline, OutcomeObservation
from adopt.evaluation.selectors import group_counts, treatment_ledger
from adopt.evaluation.treatment import Group
from adopt.funding.models import GrantApplication
from adopt.funding.tests.factories import SchemeFactory, ready_application
from adopt.impact.models import CompanyMilestones
from adopt.programmes.tests.factories import ProgrammeFactory
from adopt.support.tests.factories import support_given

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_company_is_in_exactly_one_group_so_the_groups_add_up(seed):
    rng = random.Random(seed)  # noqa: S311  # reproducible made-up companies
    programme = ProgrammeFactory()
    scheme = SchemeFactory(fund__programme=programme)
    for _ in range(30):
        company = CompanyFactory(
            programme=programme,
            eligibility=rng.choice([Company.Eligibility.ELIGIBLE, Company.Eligibility.NOT_ELIGIBLE]),
        )
        stages = {name: DAY if rng.random() < 0.4 else None for name in ("engaged_on", "assessed_on", "supported_on")}
        stages["investing_on"] = DAY if stages["supported_on"] and rng.random() < 0.5 else None
        CompanyMilestones.objects.update_or_create(company_id=company.pk, defaults=stages)
        if rng.random() < 0.3:
            status = rng.choice([GrantApplication.Status.REJECTED, GrantApplication.Status.WITHDRAWN])
            ready_application(company, scheme, created_by=None, status=status)
        if rng.random() < 0.5:
            OutcomeObservation.objects.create(company_id=company.pk, year=2024, employees=5, source="test")
    CompanyFactory()  # another programme's company counts in neither
    counts = group_counts(programme)
    assert sum(count.companies for count in counts) == Company.objects.filter(programme_id=programme.pk).count() == 30
    assert (
        sum(count.with_outcomes for count in counts)
        == OutcomeObservation.objects.filter(company__programme_id=programme.pk).count()
    )


def test_a_company_the_programme_only_knows_of_is_in_the_comparison(world):
    lonely = CompanyFactory(programme=world.programme)
    counts = {count.group: count.companies for count in group_counts(world.programme)}
    assert counts[Group.KNOWN_ONLY] >= 1
    assert treatment_ledger(lonely) == []


def test_support_takes_the_baseline_before_the_record_changes(world):
    company = CompanyFactory(programme=world.programme, staff_headcount=20)
    support_given(company_id=company.pk, delivered_on=DAY, hours="3")
    company.staff_headcount = 45
    company.save()
    support_given(company_id=company.pk, delivered_on=DAY, hours="3")
    baseline = CompanyBaseline.objects.get(company_id=company.pk)
    assert baseline.staff_headcount == 20
    assert [line.hours for line in treatment_ledger(company)] == [3, 3]
