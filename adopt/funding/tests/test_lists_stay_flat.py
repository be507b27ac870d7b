"""Every funding list, board and export makes the same number of queries for 2 rows as for 40."""

import pytest
from django.urls import reverse

from adopt.companies.tests.factories import CompanyFactory
from adopt.core.testing import assert_queries_do_not_grow
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.funding.tests.factories import FundYearFactory, SchemeFactory, make_eligible, ready_application

pytestmark = pytest.mark.django_db


def applications_at(world, funding, status, **fields):
    def add(n):
        for i in range(n):
            company = make_eligible(CompanyFactory(programme=world.programme), world.programme)
            ready_application(company, funding["scheme"], status=status, project_key=f"project-{status}-{i}", **fields)

    return add


def test_the_approval_board_with_recommended_applications(client, world, funding):
    client.force_login(world.manager)
    add = applications_at(world, funding, GrantApplication.Status.RECOMMENDED, recommended_by=world.adviser)
    assert_queries_do_not_grow(client, reverse("funding:approval-board"), add)


def test_the_approval_board_with_claims_to_pay(client, world, funding):
    client.force_login(world.manager)
    add = applications_at(world, funding, GrantApplication.Status.CLAIM_APPROVED)
    assert_queries_do_not_grow(client, reverse("funding:approval-board"), add)


def test_the_review_queue(client, world, funding):
    client.force_login(world.adviser)
    add = applications_at(world, funding, GrantApplication.Status.SUBMITTED)
    assert_queries_do_not_grow(client, reverse("funding:review-queue"), add)


def test_the_fund_list(client, world, funding):
    def add_funds(n):
        for _ in range(n):
            year = FundYearFactory(fund__programme=world.programme)
            SchemeFactory(fund=year.fund)

    client.force_login(world.manager)
    assert_queries_do_not_grow(client, reverse("funding:fund-list"), add_funds)


def awarded(world, funding):
    def add(n):
        applications_at(world, funding, GrantApplication.Status.APPROVED)(n)
        for application in GrantApplication.objects.filter(status=GrantApplication.Status.APPROVED, award=0):
            application.award = application.grant_requested
            application.save()
            LedgerEntry.objects.create(
                fund_year=funding["year"],
                application=application,
                kind=LedgerEntry.Kind.COMMITMENT,
                amount=application.award,
                actor=world.manager,
            )

    return add


@pytest.mark.parametrize("what", ["applications", "awards", "ledger"])
def test_each_fund_workbook(client, world, funding, what):
    client.force_login(world.manager)
    url = reverse("funding:fund-export-excel", kwargs={"pk": funding["year"].fund_id, "what": what})
    assert_queries_do_not_grow(client, url, awarded(world, funding))


def test_the_360giving_export(client, world, funding):
    client.force_login(world.manager)
    url = reverse("funding:fund-export-360giving", kwargs={"pk": funding["year"].fund_id})
    assert_queries_do_not_grow(client, url, awarded(world, funding))
