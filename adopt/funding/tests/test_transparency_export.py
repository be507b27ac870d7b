"""The subsidy transparency database files: awards given as Minimal Financial Assistance over £100,000, once each
at their latest value, and the fund's schemes."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.funding.models import GrantApplication
from adopt.funding.offers import issue_offer
from adopt.funding.tests.factories import accept_offer, ready_application
from adopt.funding.transparency import AWARD_COLUMNS, SCHEME_COLUMNS

S = GrantApplication.Status


def given_award(world, scheme, amount: str, title: str) -> GrantApplication:
    application = ready_application(world.company, scheme, created_by=world.sme_member, title=title)
    GrantApplication.objects.filter(pk=application.pk).update(
        status=S.APPROVED, award=Decimal(amount), decided_at=timezone.now()
    )
    application.refresh_from_db()
    issue_offer(application, actor=world.manager, amount=Decimal(amount))
    accept_offer(application.pk, actor=world.sme_member)
    return application


def rows_of(client, fund, what: str) -> list[dict[str, str]]:
    response = client.get(reverse("funding:fund-export-transparency", kwargs={"pk": fund.pk, "what": what}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def big_fund(world, funding):
    year = funding["year"]
    year.budget = Decimal("1000000")
    year.save()
    return year.fund


def test_only_awards_over_100000_pounds_given_as_mfa_are_published_with_the_database_s_fields(
    client, world, funding, big_fund
):
    world.company.companies_house_number = "08123456"
    world.company.staff_headcount = 40
    world.company.save()
    published = given_award(world, funding["scheme"], "120000", "Automated line")
    given_award(world, funding["scheme"], "100000", "At the threshold, not over it")
    client.force_login(world.manager)
    rows = rows_of(client, big_fund, "awards")
    assert list(rows[0]) == AWARD_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["Subsidy full amount (£)"] == "120000.00"
    assert row["Recipient ID"] == "08123456"
    assert row["Size of organisation"] == "Small"
    assert row["Subsidy type"] == "Minimal Financial Assistance"
    assert row["Legal granting date"] == f"{timezone.localdate():%d/%m/%Y}"
    assert row["Adopt reference"] == f"APP-{published.pk:06d}"


def test_an_award_not_yet_given_is_not_published(client, world, funding, big_fund):
    application = ready_application(world.company, funding["scheme"], created_by=world.sme_member)
    GrantApplication.objects.filter(pk=application.pk).update(status=S.APPROVED, award=Decimal("150000"))
    issue_offer(application, actor=world.manager, amount=Decimal("150000"))
    client.force_login(world.manager)
    assert rows_of(client, big_fund, "awards") == []


def test_every_scheme_of_the_fund_is_listed_with_its_legal_basis(client, world, funding, big_fund):
    client.force_login(world.manager)
    rows = rows_of(client, big_fund, "schemes")
    assert list(rows[0]) == SCHEME_COLUMNS
    assert [row["Subsidy measure title"] for row in rows] == [funding["scheme"].name]
    assert rows[0]["Legal basis"].startswith("Subsidy Control Act 2022, section 36")
    assert rows[0]["Budget (£)"] == "1000000.00"


def test_an_unknown_transparency_file_is_not_found(client, world, big_fund):
    client.force_login(world.manager)
    url = reverse("funding:fund-export-transparency", kwargs={"pk": big_fund.pk, "what": "everything"})
    assert client.get(url).status_code == 404
