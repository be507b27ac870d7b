"""Each constraint of the roadmap optimiser on a small case checked by hand.

Items raise their own dimension by one level, counted up to one level, so an item's value is its
dimension's priority and the best plan can be worked out on paper.
"""

import pytest

from adopt.roadmaps.optimiser import Candidate, InfeasiblePlan, Problem, broken_rules, greedy, optimise


def problem(items, budgets=(100,), capacity=None, levels=None, grant_headroom=None, values=None, caps=None):
    """items: (key, net cost, value) or Candidate; each plain item raises dimension `key` by one."""
    candidates = []
    priority = {}
    for item in items:
        if isinstance(item, Candidate):
            candidates.append(item)
            continue
        key, cost, value = item
        candidates.append(Candidate(key, cost, 0, {key: 1}))
        priority[key] = (float(value),) * len(budgets)
    priority.update(values or {})
    dimensions = {d for c in candidates for d in c.raises}
    return Problem(
        tuple(candidates),
        tuple(budgets),
        tuple(capacity or (10,) * len(budgets)),
        levels or {},
        {d: (caps or {}).get(d, 1.0) for d in dimensions},
        {d: priority.get(d, (0.0,) * len(budgets)) for d in dimensions},
        grant_headroom,
    )


def test_the_budget_is_not_exceeded_and_the_best_combination_wins():
    case = problem([("a", 60, 3), ("b", 50, 2), ("c", 50, 2)], budgets=(100,))
    assert optimise(case).assignment == {"b": 0, "c": 0}


def test_a_phase_runs_no_more_projects_than_its_capacity():
    case = problem([("a", 10, 3), ("b", 10, 2), ("c", 10, 1)], capacity=(2,))
    assert optimise(case).assignment == {"a": 0, "b": 0}


def test_a_prerequisite_comes_in_an_earlier_phase():
    case = problem(
        [("a", 10, 1), Candidate("b", 10, 0, {"b": 1}, needs=("a",))],
        budgets=(100, 100),
        values={"b": (5.0, 5.0)},
    )
    assert optimise(case).assignment == {"a": 0, "b": 1}


def test_an_item_whose_prerequisite_cannot_come_earlier_is_left_out():
    case = problem(
        [("a", 10, 1), Candidate("b", 10, 0, {"b": 1}, needs=("a",))],
        budgets=(100, 0),
        values={"b": (5.0, 5.0)},
    )
    assert optimise(case).assignment == {"a": 0}


def test_a_minimum_level_is_met_by_the_company_or_by_earlier_items():
    lift = Candidate("lift", 10, 0, {"x": 1})
    needs_two = Candidate("robot", 10, 0, {"robot": 1}, minimum_levels={"x": 2})
    case = problem(
        [lift, needs_two], budgets=(100, 100), levels={"x": 1.0}, values={"x": (1.0, 1.0), "robot": (5.0, 5.0)}
    )
    assert optimise(case).assignment == {"lift": 0, "robot": 1}
    already_there = problem([needs_two], budgets=(100, 100), levels={"x": 2.0}, values={"robot": (5.0, 4.0)})
    assert optimise(already_there).assignment == {"robot": 0}


def test_a_pinned_item_is_planned_in_its_phase_even_when_worth_less():
    pinned = Candidate("b", 60, 0, {"b": 1}, pinned=True, pinned_phase=1)
    case = problem([("a", 60, 5), pinned], budgets=(100, 60), values={"b": (1.0, 1.0)})
    assert optimise(case).assignment == {"a": 0, "b": 1}


def test_pins_that_cannot_all_be_met_are_reported_as_infeasible():
    one = Candidate("a", 80, 0, {"a": 1}, pinned=True, pinned_phase=0)
    two = Candidate("b", 80, 0, {"b": 1}, pinned=True, pinned_phase=0)
    with pytest.raises(InfeasiblePlan):
        optimise(problem([one, two], budgets=(100,)))


def test_the_grant_stays_within_what_the_company_can_still_receive():
    a = Candidate("a", 10, 600, {"a": 1})
    b = Candidate("b", 10, 600, {"b": 1})
    case = problem([a, b], grant_headroom=1000, values={"a": (2.0,), "b": (1.0,)})
    assert optimise(case).assignment == {"a": 0}


def test_gains_count_only_up_to_the_gap_so_the_cheaper_of_two_overlapping_items_is_chosen():
    dear = Candidate("dear", 50, 0, {"x": 1})
    cheap = Candidate("cheap", 20, 0, {"x": 1})
    case = problem([dear, cheap], values={"x": (1.0,)}, caps={"x": 1.0})
    assert optimise(case).assignment == {"cheap": 0}


def test_an_earlier_phase_is_preferred_when_it_is_worth_more():
    case = problem([("a", 10, 0)], budgets=(100, 100), values={"a": (2.0, 1.0)})
    assert optimise(case).assignment == {"a": 0}


def test_the_optimiser_beats_best_value_for_money_first_on_a_knapsack_trap():
    # a has the best value per pound (60/51) but, once taken, nothing else fits: 60 against b + c = 100
    case = problem([("a", 51, 60), ("b", 50, 50), ("c", 50, 50)], budgets=(100,))
    assert greedy(case).assignment == {"a": 0}
    best = optimise(case)
    assert best.assignment == {"b": 0, "c": 0}
    assert best.value > greedy(case).value


def test_neither_method_breaks_a_rule_on_a_mixed_case():
    items = [
        ("a", 30, 3),
        Candidate("b", 40, 0, {"b": 1}, needs=("a",)),
        Candidate("c", 20, 0, {"c": 1}, minimum_levels={"a": 1}),
        ("d", 70, 4),
        ("e", 10, 1),
    ]
    case = problem(items, budgets=(50, 80, 60), capacity=(1, 2, 2), values={"b": (3.0,) * 3, "c": (2.0,) * 3})
    for solution in (optimise(case), greedy(case)):
        assert broken_rules(case, solution.assignment) == []
    assert optimise(case).value >= greedy(case).value
