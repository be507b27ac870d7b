"""Planning a company's roadmap: priorities per dimension and the optimised choice of items and phases.
Pure: facts and the catalogue in, a `Plan` (with the reasons of `explanations`) out.

Priority of a dimension in a phase = the phase's time value × (w_gaps × gap ÷ 5 + w_objectives ×
relevance to the chosen objectives + w_cost × relevance to the company's cost profile), with the weights
per phase from the planning file. The gap is the distance from the company's level to the best-in-class
level for its industry; gains count up to the gap (one level further where an objective asks for it).
"""

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from adopt.core.money import to_pence
from adopt.roadmaps.catalogue import Catalogue, Planning, SizeBand, Technology
from adopt.roadmaps.explanations import PlanContext, explained_plan, standalone_value
from adopt.roadmaps.optimiser import Candidate, InfeasiblePlan, Problem, broken_rules, optimise
from adopt.roadmaps.outcomes import CompanyFacts
from adopt.roadmaps.plans import (
    ZERO,
    DimensionPriority,
    FundingTerms,
    ItemCosts,
    Plan,
    PlanningError,
    PlanningInputs,
    money_text,
)

# Far above the value of any plan's gains (levels times phase weights): keeping an item in its phase comes first.
STAY_WEIGHT = 1000.0


def dimension_priorities(
    inputs: PlanningInputs, planning: Planning, titles: Mapping[str, str]
) -> list[DimensionPriority]:
    target = planning.best_in_class.level_for(inputs.sic_code)
    chosen = [planning.objective(key) for key in inputs.objectives]
    shares = {area.key: inputs.cost_profile.get(area.key, area.default_share) for area in planning.cost_areas}
    raw_cost = {
        key: sum(shares[area.key] / 100 * area.dimensions.get(key, 0.0) for area in planning.cost_areas)
        for key in titles
    }
    top_cost = max(raw_cost.values(), default=0.0) or 1.0
    priorities = []
    for key, title in titles.items():
        level = float(inputs.levels.get(key, 0.0))
        gap = max(0.0, target - level)
        objective = max((objective.dimensions.get(key, 0.0) for objective in chosen), default=0.0)
        cost = raw_cost[key] / top_cost
        counts_up_to = min(5.0 - level, gap + (1.0 if objective >= 0.5 else 0.0))
        by_phase = tuple(
            round(
                phase.time_value
                * (
                    phase.weights.get("gaps", 0) * gap / 5
                    + phase.weights.get("objectives", 0) * objective
                    + phase.weights.get("cost_profile", 0) * cost
                ),
                6,
            )
            for phase in planning.phases
        )
        priorities.append(
            DimensionPriority(key, title, level, target, gap, max(counts_up_to, 0.0), objective, cost, by_phase)
        )
    return priorities


def item_costs(item: Technology, size_band: SizeBand, funding: FundingTerms | None) -> ItemCosts:
    costs = item.costs[size_band]
    one_off = Decimal(sum(costs.one_off)) / 2
    yearly = Decimal(sum(costs.yearly)) / 2
    gross = one_off + yearly
    grant = min(to_pence(one_off * funding.match_rate), funding.cap_per_project) if funding else ZERO
    return ItemCosts(
        Decimal(costs.one_off[0]),
        Decimal(costs.one_off[1]),
        Decimal(costs.yearly[0]),
        Decimal(costs.yearly[1]),
        to_pence(gross),
        grant,
        to_pence(gross - grant),
    )


def _check_inputs(inputs: PlanningInputs, catalogue: Catalogue, planning: Planning) -> None:
    phases = len(planning.phases)
    if len(inputs.budgets) != phases:
        raise PlanningError(f"Give a budget for each of the {phases} phases.")
    if any(budget < 0 for budget in inputs.budgets):
        raise PlanningError("A budget cannot be negative.")
    objectives = {objective.key for objective in planning.objectives}
    unknown = [key for key in inputs.objectives if key not in objectives]
    if unknown:
        raise PlanningError(f"Unknown objective: {', '.join(unknown)}.")
    known = catalogue.by_key
    for key in [*inputs.pins, *inputs.exclusions]:
        if key not in known:
            raise PlanningError(f"“{key}” is not in the technology catalogue ({catalogue.label}).")
    for key, phase in inputs.pins.items():
        name = known[key].name
        if key in inputs.exclusions:
            raise PlanningError(f"{name} is both pinned and excluded: choose one.")
        if phase is not None and not 0 <= phase < phases:
            raise PlanningError(f"{name} is pinned to a phase that does not exist.")
        for needed in known[key].prerequisites.items:
            if needed in inputs.done:
                continue
            if needed in inputs.exclusions:
                raise PlanningError(f"{name} is pinned, but it needs {known[needed].name}, which is excluded.")
            if phase == 0:
                raise PlanningError(
                    f"{name} is pinned to {planning.phases[0].title}, but it needs {known[needed].name} "
                    "in place first. Pin it to a later phase, or record the prerequisite as done."
                )


def _check_pins_fit(
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    costs: Mapping[str, ItemCosts],
    capacity: tuple[int, ...],
) -> None:
    pinned = {key: phase for key, phase in inputs.pins.items() if key not in inputs.done}
    for index, phase in enumerate(planning.phases):
        here = [key for key, p in pinned.items() if p == index]
        net = sum((costs[key].net for key in here), ZERO)
        if net > inputs.budgets[index]:
            names = ", ".join(catalogue.technology(key).name for key in here)
            raise PlanningError(
                f"The items pinned to {phase.title} ({names}) cost the company {money_text(net)} after grant, more "
                f"than its budget of {money_text(inputs.budgets[index])} for that phase. Raise the budget or unpin "
                "an item."
            )
        if len(here) > capacity[index]:
            raise PlanningError(
                f"{len(here)} items are pinned to {phase.title}, more than the {capacity[index]} projects the "
                "company can run at once then. Raise the limit or move a pin."
            )
    total = sum((costs[key].net for key in pinned), ZERO)
    if total > sum(inputs.budgets, ZERO):
        raise PlanningError(
            f"The pinned items cost the company {money_text(total)} after grant, more than its whole budget of "
            f"{money_text(sum(inputs.budgets, ZERO))}. Raise the budget or unpin an item."
        )


def planning_problem(
    inputs: PlanningInputs, catalogue: Catalogue, planning: Planning, titles: Mapping[str, str]
) -> Problem:
    """The optimisation problem the plan solves, for comparing methods on the same company."""
    _check_inputs(inputs, catalogue, planning)
    capacity = inputs.capacity or tuple(phase.capacity for phase in planning.phases)
    priorities = dimension_priorities(inputs, planning, titles)
    costs = {item.key: item_costs(item, inputs.size_band, inputs.funding) for item in catalogue.technologies}
    return _problem(inputs, catalogue, planning, priorities, costs, capacity)


def plan_roadmap(
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    facts: CompanyFacts,
    titles: Mapping[str, str],
    keep: Mapping[str, int] | None = None,
) -> Plan:
    """The optimised plan with its reasons; PlanningError when the inputs cannot make one. With `keep` (the current
    plan's phases), every other item stays where it is unless a rule forces it to move."""
    return plan_keeping(inputs, catalogue, planning, facts, titles, keep or {})[0]


def plan_keeping(
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    facts: CompanyFacts,
    titles: Mapping[str, str],
    keep: Mapping[str, int],
) -> tuple[Plan, list[str]]:
    """The plan, and, when it had to move or drop items of `keep`, what moved and the rule that forced it."""
    _check_inputs(inputs, catalogue, planning)
    capacity = inputs.capacity or tuple(phase.capacity for phase in planning.phases)
    priorities = dimension_priorities(inputs, planning, titles)
    costs = {item.key: item_costs(item, inputs.size_band, inputs.funding) for item in catalogue.technologies}
    _check_pins_fit(inputs, catalogue, planning, costs, capacity)
    problem = _problem(inputs, catalogue, planning, priorities, costs, capacity)
    if keep:
        problem = replace(problem, previous=dict(keep), stay_weight=STAY_WEIGHT)
    try:
        solution = optimise(problem)
    except InfeasiblePlan:
        raise PlanningError(
            "The pinned items cannot all be planned together within the budgets, prerequisites and the number of "
            "projects per phase. Unpin an item, or raise a budget."
        ) from None
    context = PlanContext(inputs, catalogue, planning, priorities, costs, capacity, problem)
    return explained_plan(context, facts, solution), movements(
        problem, keep, solution.assignment, inputs, catalogue, planning, titles
    )


def movements(
    problem: Problem,
    keep: Mapping[str, int],
    planned: Mapping[str, int],
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    dimension_titles: Mapping[str, str],
) -> list[str]:
    """Which items of the current plan moved or left it, other than those the adviser changed, and the rules that
    left no choice: the rules the current plan would break with the adviser's change made."""
    changed_by_adviser = set(inputs.pins) | set(inputs.exclusions) | set(inputs.done)
    names = {item.key: item.name for item in catalogue.technologies}
    titles = [phase.title for phase in planning.phases]
    moved = [
        f"{names.get(key, key)} moved from {titles[phase]} to {titles[planned[key]]}"
        if key in planned
        else f"{names.get(key, key)} left the plan"
        for key, phase in keep.items()
        if key not in changed_by_adviser and phase < len(titles) and planned.get(key) != phase
    ]
    finished = [f"{names.get(key, key)} is done, so it left the plan" for key in keep if key in inputs.done]
    if not moved:
        return finished
    known = {candidate.key for candidate in problem.candidates}
    as_was = {key: phase for key, phase in keep.items() if key in known and key not in inputs.exclusions}
    as_was |= {key: phase for key, phase in inputs.pins.items() if phase is not None and key in known}
    rules = [_in_words(rule, names, titles, dimension_titles) for rule in broken_rules(problem, as_was)]
    return [*finished, *moved, *(f"because {rule}" for rule in rules or ["the plan is worth more this way"])]


def _in_words(rule: str, names: Mapping[str, str], titles: list[str], dimensions: Mapping[str, str]) -> str:
    """A rule `broken_rules` names, in the words of the catalogue, the framework and the phases."""
    for number, title in enumerate(titles):
        rule = rule.replace(f"phase {number}", title)
    rule = re.sub(
        r"needs (\w+) at ([\d.]+), reached ([\d.]+)",
        lambda m: f"needs {dimensions.get(m[1], m[1])} at level {m[2]}, and it would be at {m[3]} by then",
        rule,
    )
    rule = re.sub(
        r"grant (\d+) above headroom (\d+)",
        lambda m: f"a grant of £{int(m[1]):,}, more than the £{int(m[2]):,} the company can still receive",
        rule,
    )
    for key, name in names.items():
        rule = re.sub(rf"\b{re.escape(key)}\b", name, rule)
    rule = re.sub(
        r"spends (\d+), budget (\d+)",
        lambda m: f"would cost the company £{int(m[1]):,}, over its budget of £{int(m[2]):,}",
        rule,
    )
    return re.sub(r"(\d+) projects, capacity (\d+)", r"\1 projects, more than the \2 a phase can run at once", rule)


def _problem(
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    priorities: list[DimensionPriority],
    costs: Mapping[str, ItemCosts],
    capacity: tuple[int, ...],
) -> Problem:
    caps = {p.key: p.counts_up_to for p in priorities}
    weights = {p.key: p.by_phase for p in priorities}
    open_items = [
        item for item in catalogue.technologies if item.key not in inputs.done and item.key not in inputs.exclusions
    ]
    useful = _useful_items(open_items, inputs, caps, weights)
    candidates = tuple(
        Candidate(
            key=item.key,
            net_cost=int(costs[item.key].net.to_integral_value()),
            grant=int(costs[item.key].grant.to_integral_value()),
            raises=item.raises,
            needs=tuple(key for key in item.prerequisites.items if key not in inputs.done),
            minimum_levels=item.prerequisites.minimum_levels,
            pinned=item.key in inputs.pins,
            pinned_phase=inputs.pins.get(item.key),
        )
        for item in open_items
        if item.key in useful
    )
    headroom = None
    if inputs.funding and inputs.funding.headroom is not None:
        headroom = int(inputs.funding.headroom.to_integral_value())
    return Problem(
        candidates,
        tuple(int(budget.to_integral_value()) for budget in inputs.budgets),
        capacity,
        inputs.levels,
        caps,
        weights,
        headroom,
        planning.solver.time_limit_seconds,
        planning.solver.mip_rel_gap,
    )


def _useful_items(
    items: list[Technology],
    inputs: PlanningInputs,
    caps: Mapping[str, float],
    weights: Mapping[str, tuple[float, ...]],
) -> set[str]:
    """Items that can add value, the pinned ones, and what they need: the rest cannot change the plan."""
    by_key = {item.key: item for item in items}
    useful = {item.key for item in items if standalone_value(item, caps, weights) > 0 or item.key in inputs.pins}
    frontier = list(useful)
    while frontier:
        item = by_key[frontier.pop()]
        needed = [key for key in item.prerequisites.items if key in by_key]
        for dimension, minimum in item.prerequisites.minimum_levels.items():
            if inputs.levels.get(dimension, 0.0) < minimum:
                needed.extend(other.key for other in items if other.raises.get(dimension))
        for key in needed:
            if key not in useful:
                useful.add(key)
                frontier.append(key)
    return useful
