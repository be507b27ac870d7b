"""A company's first roadmap starts from budgets sized to it, never from £0."""

from decimal import Decimal

import pytest
from django.urls import reverse

from adopt.companies.tests.factories import CompanyFactory
from adopt.roadmaps.budgets import starting_budgets, typical_project_net
from adopt.roadmaps.catalogue import catalogue, planning_rules
from adopt.roadmaps.plans import FundingTerms
from adopt.roadmaps.selectors import starting_budgets_for

GRANT = FundingTerms("Technology grant", Decimal("0.5"), Decimal("20000"))


@pytest.mark.parametrize("band", ["micro", "small", "medium"])
def test_each_phase_starts_with_its_capacity_of_typical_projects_less_the_grant(band):
    planning = planning_rules()
    typical = typical_project_net(catalogue(), band, GRANT)
    budgets = starting_budgets(catalogue(), planning, band, GRANT)
    assert len(budgets) == len(planning.phases)
    for budget, phase in zip(budgets, planning.phases, strict=True):
        assert budget % 1000 == 0
        assert abs(budget - typical * phase.capacity) <= 500
        assert budget > 0


def test_a_bigger_company_starts_with_bigger_budgets_and_a_grant_lowers_them():
    planning = planning_rules()
    micro, medium = (starting_budgets(catalogue(), planning, band, GRANT) for band in ("micro", "medium"))
    assert all(m < b for m, b in zip(micro, medium, strict=True))
    without_grant = starting_budgets(catalogue(), planning, "small", None)
    with_grant = starting_budgets(catalogue(), planning, "small", GRANT)
    assert all(w < n for w, n in zip(with_grant, without_grant, strict=True))


@pytest.mark.django_db
def test_the_first_roadmap_form_is_filled_with_the_starting_budgets(client, world):
    company = CompanyFactory(programme=world.programme, adviser=world.adviser, staff_headcount=30)
    client.force_login(world.adviser)
    page = client.get(reverse("roadmaps:roadmap", kwargs={"company_pk": company.pk})).content.decode()
    assert "A starting point: typical projects for a company of its size" in page
    expected = starting_budgets_for(company, planning_rules())
    for name, budget in zip(("budget_now", "budget_next", "budget_later"), expected, strict=True):
        assert f'name="{name}" type="number" value="{budget:.0f}"' in page


def test_with_no_subsidy_headroom_left_the_budgets_take_off_no_grant():
    planning = planning_rules()
    spent = FundingTerms("Technology grant", Decimal("0.5"), Decimal("20000"), headroom=Decimal("0"))
    assert starting_budgets(catalogue(), planning, "small", spent) == starting_budgets(
        catalogue(), planning, "small", None
    )
