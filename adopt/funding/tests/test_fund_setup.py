import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from adopt.funding import setup
from adopt.funding.models import Fund, FundYear, Scheme
from adopt.funding.tests.factories import FundYearFactory
from adopt.programmes.tests.factories import ProgrammeFactory


def test_a_manager_sets_up_a_fund_and_its_budgets_for_each_year_of_the_programme(client, world, manager):
    client.force_login(manager)
    client.post(
        reverse("funding:fund-new", args=[world.programme.slug]),
        {
            "name": "Growth Fund",
            "funder": "Example Authority",
            "identifier_prefix": "360G-example",
            "nominal_code": "5900",
        },
    )
    fund = Fund.objects.get(name="Growth Fund")
    page = client.get(reverse("funding:fund-budgets", args=[fund.pk])).content.decode()
    assert "Budget for 2026/27" in page
    assert "Budget for 2028/29" in page
    client.post(reverse("funding:fund-budgets", args=[fund.pk]), {"budget_2026": "500000", "budget_2027": "750000.50"})
    assert dict(fund.years.values_list("year", "budget")) == {2026: Decimal("500000"), 2027: Decimal("750000.50")}


def test_a_budget_cannot_fall_below_what_is_committed_from_it(world, manager):
    year = FundYear.objects.create(
        fund=Fund.objects.create(programme=world.programme, name="F", funder="X"), year=2027, budget=10000
    )
    FundYear.objects.filter(pk=year.pk).update(committed=Decimal("6000"))
    with pytest.raises(setup.FundSetupRefused, match="£6,000.00 is already committed from 2027/28"):
        setup.fund_budget_set(year.fund, year=2027, budget=Decimal("5000"), actor=manager)


def test_a_closed_year_keeps_its_budget(manager):
    programme = ProgrammeFactory(starts_on=datetime.date(2024, 4, 1))
    year = FundYearFactory(fund__programme=programme, year=2025)
    with pytest.raises(setup.FundSetupRefused, match="2025/26 has closed"):
        setup.fund_budget_set(year.fund, year=2025, budget=Decimal("1"), actor=manager)


def test_a_year_outside_the_programme_is_refused(world, manager):
    with pytest.raises(setup.FundSetupRefused, match="outside the programme's period"):
        setup.fund_budget_set(world.fund, year=2035, budget=Decimal("1"), actor=manager)


def test_a_scheme_is_set_up_with_its_rules_and_weighted_criteria(client, world, manager):
    client.force_login(manager)
    client.post(
        reverse("funding:scheme-new", args=[world.fund.pk]),
        {
            "name": "Smart factory grant",
            "kind": "technology_grant",
            "intervention_rate": "0.4",
            "minimum_grant": "2000",
            "maximum_grant": "25000",
            "eligible_cost_types": ["equipment", "software"],
            "hourly_rate": "0",
            "maximum_hours": "0",
            "place_value": "0",
            "required_documents": ["quote"],
            "quotes_required": "2",
            "quotes_above": "5000",
            "claim_months": "9",
            "criteria": "Fit with the roadmap | 2\nValue for money",
            "four_eyes": "on",
            "is_open": "on",
        },
    )
    scheme = Scheme.objects.get(name="Smart factory grant")
    assert scheme.intervention_rate == Decimal("0.4")
    assert scheme.eligible_cost_types == ["equipment", "software"]
    assert scheme.required_documents == ["quote"]
    assert scheme.review_criteria == [
        {"key": "fit_with_the_roadmap", "title": "Fit with the roadmap", "weight": 2},
        {"key": "value_for_money", "title": "Value for money", "weight": 1},
    ]


def test_a_technology_grant_without_eligible_costs_is_refused(world, manager):
    with pytest.raises(setup.FundSetupRefused, match="Choose the costs"):
        setup.scheme_create(
            fund=world.fund,
            actor=manager,
            name="Nothing",
            kind="technology_grant",
            eligible_cost_types=[],
            review_criteria=[{"key": "fit", "title": "Fit", "weight": 1}],
        )


def test_a_scheme_applied_to_keeps_its_type(world, manager):
    scheme = world.application.scheme
    with pytest.raises(setup.FundSetupRefused, match="its type stays"):
        setup.scheme_update(scheme, actor=manager, kind="leadership", place_value=Decimal("100"))


def test_an_adviser_cannot_set_up_funds(client, world, adviser):
    client.force_login(adviser)
    assert client.get(reverse("funding:fund-budgets", args=[world.fund.pk])).status_code == 403
    assert client.post(reverse("funding:fund-new", args=[world.programme.slug]), {"name": "X"}).status_code == 403


def test_a_scheme_with_a_negative_amount_is_refused(world, manager):
    with pytest.raises(setup.FundSetupRefused, match="below zero"):
        setup.scheme_create(
            fund=world.fund,
            actor=manager,
            name="Odd",
            kind="technology_grant",
            minimum_grant=Decimal("-5"),
            eligible_cost_types=["software"],
            review_criteria=[{"key": "fit", "title": "Fit", "weight": 1}],
        )


def test_budgets_are_saved_all_together_or_not_at_all(client, world, manager):
    year = world.fund.years.get(year=2026)
    FundYear.objects.filter(pk=year.pk).update(committed=year.budget)
    client.force_login(manager)
    client.post(reverse("funding:fund-budgets", args=[world.fund.pk]), {"budget_2026": "1", "budget_2027": "5000"})
    assert not world.fund.years.filter(year=2027).exists()
