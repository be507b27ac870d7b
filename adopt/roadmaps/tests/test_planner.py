from decimal import Decimal

import pytest

from adopt.assessments.frameworks import framework
from adopt.roadmaps.catalogue import catalogue, planning_rules
from adopt.roadmaps.levels import levels_from_self_assessment
from adopt.roadmaps.outcomes import CompanyFacts
from adopt.roadmaps.planner import item_costs, plan_roadmap
from adopt.roadmaps.plans import FundingTerms, PlanningError, PlanningInputs

TITLES = {d.key: d.title for d in framework("manufacturing-diagnostic").dimensions}
FACTS = CompanyFacts(25, "TLD", None, None)
GRANT = FundingTerms("Technology grant", Decimal("0.5"), Decimal("20000"))


def inputs(**overrides):
    values = {
        "levels": dict.fromkeys(TITLES, 1.0),
        "levels_source": "test",
        "sic_code": "25620",
        "size_band": "small",
        "budgets": (Decimal(30000), Decimal(60000), Decimal(90000)),
        "objectives": ("cut_waste",),
        "funding": GRANT,
    }
    values.update(overrides)
    return PlanningInputs(**values)


def plan(**overrides):
    return plan_roadmap(inputs(**overrides), catalogue(), planning_rules(), FACTS, TITLES)


def test_every_planned_item_says_which_gaps_or_objectives_it_serves_and_why_it_is_in_its_phase():
    result = plan()
    assert result.items
    for item in result.items:
        assert item.gaps or item.objectives
        assert item.why_phase


def test_the_plan_keeps_within_each_phase_budget_net_of_grant():
    result = plan()
    for phase in result.phases:
        assert phase.net <= phase.budget
        assert phase.items <= phase.capacity


def test_a_grant_pays_the_match_rate_on_one_off_costs_up_to_the_cap():
    erp = catalogue().technology("erp")
    costs = item_costs(erp, "small", GRANT)
    # one-off £25,000-£60,000 → £42,500 middle; 50% = £21,250, capped at £20,000
    assert costs.grant == Decimal("20000")
    # plus the first year's running cost, £6,000-£15,000 → £10,500
    assert costs.gross == Decimal("53000.00")
    assert costs.net == Decimal("33000.00")


def test_a_budget_of_zero_explains_itself_instead_of_an_empty_plan():
    result = plan(budgets=(Decimal(0), Decimal(0), Decimal(0)))
    assert result.items == []
    assert "budget is £0 in every phase" in result.notices[0]
    assert result.left_out
    assert {item.reason for item in result.left_out} <= {"budget", "prerequisite", "maturity"}


def test_pins_that_exceed_the_phase_budget_are_refused_with_the_amounts():
    # cobots, small company: £50,000 one-off + £3,500 first year − £20,000 grant (capped) = £33,500
    with pytest.raises(PlanningError, match=r"cost the company £33,500 after grant, more than its budget of £30,000"):
        plan(pins={"cobots": 0})


def test_an_item_both_pinned_and_excluded_is_refused():
    with pytest.raises(PlanningError, match="both pinned and excluded"):
        plan(pins={"crm": 1}, exclusions=frozenset({"crm"}))


def test_a_pin_on_an_unknown_technology_is_refused():
    with pytest.raises(PlanningError, match="“warp_drive” is not in the technology catalogue"):
        plan(pins={"warp_drive": None})


def test_pinning_an_item_to_the_first_phase_before_its_prerequisite_is_refused():
    with pytest.raises(PlanningError, match="needs Enterprise resource planning"):
        plan(pins={"scheduling": 0})


def test_a_pinned_item_is_planned_where_pinned_and_says_so():
    result = plan(pins={"crm": 2})
    crm = next(item for item in result.items if item.key == "crm")
    assert crm.phase == 2
    assert crm.why_phase == "Pinned to this phase by the adviser."


def test_an_excluded_item_is_listed_as_left_out_by_the_adviser():
    chosen = {item.key for item in plan().items}
    dropped = sorted(chosen)[0]
    result = plan(exclusions=frozenset({dropped}))
    assert dropped not in {item.key for item in result.items}
    reasons = {item.key: item.explanation for item in result.left_out}
    assert reasons[dropped] == "Excluded by the adviser."


def test_an_item_already_done_is_not_planned_and_unlocks_what_needs_it():
    result = plan(done=frozenset({"erp", "cyber_essentials"}), pins={"scheduling": 0})
    keys = {item.key: item.phase for item in result.items}
    assert "erp" not in keys
    assert keys["scheduling"] == 0


def test_good_items_left_out_for_money_say_so():
    result = plan(budgets=(Decimal(5000), Decimal(5000), Decimal(5000)))
    budget_reasons = [item for item in result.left_out if item.reason == "budget"]
    assert budget_reasons
    assert "more than is left in any phase" in budget_reasons[0].explanation


def test_no_rule_is_broken_across_many_company_profiles():
    planning = planning_rules()
    for level in (0.0, 1.0, 2.0, 3.0):
        for budget in (Decimal(8000), Decimal(40000), Decimal(150000)):
            company = inputs(levels=dict.fromkeys(TITLES, level), budgets=(budget, budget * 2, budget * 3))
            result = plan_roadmap(company, catalogue(), planning, FACTS, TITLES)
            assignment = {item.key: item.phase for item in result.items}
            for item in result.items:
                for needed in catalogue().technology(item.key).prerequisites.items:
                    assert needed in assignment
                    assert assignment[needed] < item.phase
            for phase in result.phases:
                assert phase.net <= phase.budget
                assert phase.items <= phase.capacity


def test_self_assessment_scores_map_onto_the_diagnostic_dimensions():
    levels = levels_from_self_assessment({"automation": 40.0, "green": 10.0}, planning_rules())
    assert levels["automation_shop_floor"] == 2.0
    assert levels["automation_facility"] == 0.5
    assert levels["intelligence_facility"] == 0.5


def test_an_item_under_way_keeps_its_phase_and_says_why():
    result = plan(pins={"crm": 1}, under_way=frozenset({"crm"}))
    crm = next(item for item in result.items if item.key == "crm")
    assert crm.phase == 1
    assert crm.why_phase == "Under way, so it stays in this phase."
    assert not crm.pinned
