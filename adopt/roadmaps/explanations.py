"""Why a plan is what it is: each planned item's phase and each good item left out, with the constraint that
decided it, and the notices a plan carries. Pure: the planning context and the solver's answer in, a `Plan` out.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from adopt.roadmaps.catalogue import Catalogue, Planning, Technology
from adopt.roadmaps.optimiser import Assignment, Problem, Solution, plan_value
from adopt.roadmaps.outcomes import CompanyFacts, expected_outcomes
from adopt.roadmaps.plans import (
    ZERO,
    DimensionPriority,
    ItemCosts,
    LeftOut,
    PhaseSummary,
    Plan,
    PlannedItem,
    PlanningInputs,
    money_text,
)


@dataclass(frozen=True)
class PlanContext:
    """Everything one planning run worked from, shared by the plan and its explanations."""

    inputs: PlanningInputs
    catalogue: Catalogue
    planning: Planning
    priorities: list[DimensionPriority]
    costs: Mapping[str, ItemCosts]
    capacity: tuple[int, ...]
    problem: Problem


def standalone_value(item: Technology, caps: Mapping[str, float], weights: Mapping[str, tuple[float, ...]]) -> float:
    return sum(max(weights[d]) * min(amount, caps.get(d, 0.0)) for d, amount in item.raises.items() if d in weights)


def explained_plan(context: PlanContext, facts: CompanyFacts, solution: Solution) -> Plan:
    """The solver's choice as a plan: items by phase with why each is there, the phases' totals, what was left
    out and why, and the outcomes expected."""
    inputs, catalogue, planning = context.inputs, context.catalogue, context.planning
    priorities, costs, capacity = context.priorities, context.costs, context.capacity
    assignment = solution.assignment
    by_priority = {p.key: p for p in priorities}
    chosen_objectives = {planning.objective(key).key: planning.objective(key).title for key in inputs.objectives}
    shares = {area.key: inputs.cost_profile.get(area.key, area.default_share) for area in planning.cost_areas}
    ordered = sorted(assignment.items(), key=lambda pair: (pair[1], -costs[pair[0]].net))
    items = []
    for key, phase_index in ordered:
        item = catalogue.technology(key)
        phase = planning.phases[phase_index]
        gaps = [
            f"{by_priority[d].title}: level {by_priority[d].level:.0f}, best in class {by_priority[d].target}"
            for d in sorted(item.raises, key=lambda d: -max(by_priority[d].by_phase))
            if by_priority[d].counts_up_to > 0 and by_priority[d].gap > 0
        ]
        areas = [
            f"{area.title} ({shares[area.key]}% of costs)"
            for area in planning.cost_areas
            if shares[area.key] >= 20 and any(area.dimensions.get(d, 0) >= 0.8 for d in item.raises)
        ]
        items.append(
            PlannedItem(
                key,
                item.name,
                catalogue.categories[item.category],
                phase_index,
                phase.starts_month,
                phase.starts_month + item.implementation_months,
                costs[key],
                gaps,
                [chosen_objectives[o] for o in item.objectives if o in chosen_objectives],
                areas,
                _why_phase(context, key, phase_index, assignment),
                key in inputs.pins and key not in inputs.under_way,
            )
        )
    phases = []
    for index, phase in enumerate(planning.phases):
        here = [costs[key] for key, p in assignment.items() if p == index]
        phases.append(
            PhaseSummary(
                index,
                phase.key,
                phase.title,
                inputs.budgets[index],
                capacity[index],
                sum((c.gross for c in here), ZERO),
                sum((c.grant for c in here), ZERO),
                sum((c.net for c in here), ZERO),
                len(here),
            )
        )
    notices = _notices(inputs, planning, assignment, {item.key: item.name for item in catalogue.technologies})
    left_out = _left_out(context, assignment)
    outcomes = expected_outcomes([catalogue.technology(key) for key in assignment], facts)
    funding = (
        f"{inputs.funding.scheme}: {inputs.funding.match_rate:.0%} of one-off costs, up to "
        f"{money_text(inputs.funding.cap_per_project)} a project"
        if inputs.funding
        else "No open grant scheme: costs are shown without grant."
    )
    return Plan(
        catalogue.label,
        planning.label,
        inputs.levels_source,
        inputs.size_band,
        list(chosen_objectives.values()),
        funding,
        items,
        left_out,
        phases,
        priorities,
        outcomes,
        notices,
        solution.method,
        solution.gap,
        round(solution.seconds, 4),
        round(solution.value, 6),
    )


def _notices(inputs: PlanningInputs, planning: Planning, assignment: Assignment, names: Mapping[str, str]) -> list[str]:
    notices = []
    if all(budget == 0 for budget in inputs.budgets):
        notices.append(
            "The budget is £0 in every phase, so nothing can be planned yet. Enter what the company can put in "
            "each phase, after grant, and plan again."
        )
    elif not assignment:
        notices.append("No item fits the budgets and prerequisites; the items left out below say why.")
    for key in inputs.pins:
        if key in inputs.done:
            notices.append(f"A pin on {names.get(key, key)} was ignored: it is already done.")
    if not inputs.objectives:
        notices.append("No objectives were chosen, so the plan follows the gaps and the cost profile only.")
    return notices


def _why_phase(context: PlanContext, key: str, phase: int, assignment: Assignment) -> str:
    inputs, catalogue, planning = context.inputs, context.catalogue, context.planning
    problem, capacity = context.problem, context.capacity
    if key in inputs.under_way:
        return "Under way, so it stays in this phase."
    if key in inputs.pins:
        return "Pinned to this phase by the adviser." if inputs.pins[key] is not None else "Pinned by the adviser."
    item = catalogue.technology(key)
    if phase == 0:
        return f"Nothing it needs is missing, so it starts now: {planning.phases[0].why}."
    before = [catalogue.technology(n).name for n in item.prerequisites.items if n in assignment]
    if before:
        return f"Follows {', '.join(before)}, which must be in place first."
    for dimension, minimum in item.prerequisites.minimum_levels.items():
        if inputs.levels.get(dimension, 0.0) < minimum:
            return f"Starts once {dimension.replace('_', ' ')} reaches level {minimum} through earlier items."
    candidate = problem.candidate(key)
    for earlier in range(phase):
        here = [k for k, p in assignment.items() if p == earlier]
        if len(here) >= capacity[earlier]:
            return f"{planning.phases[earlier].title} already has its {capacity[earlier]} projects."
        spent = sum(problem.candidate(k).net_cost for k in here)
        if spent + candidate.net_cost > problem.budgets[earlier]:
            return f"The {planning.phases[earlier].title} budget goes to higher-value items first."
    return f"Planned then for {planning.phases[phase].why}."


def _left_out(context: PlanContext, assignment: Assignment) -> list[LeftOut]:
    """Every item that could add value but is not planned, with the constraint that kept it out."""
    inputs, catalogue, priorities, costs = context.inputs, context.catalogue, context.priorities, context.costs
    caps = {p.key: p.counts_up_to for p in priorities}
    weights = {p.key: p.by_phase for p in priorities}
    good = [
        item
        for item in catalogue.technologies
        if item.key not in assignment and item.key not in inputs.done and standalone_value(item, caps, weights) > 0
    ]
    good.sort(key=lambda item: -standalone_value(item, caps, weights))
    left_out = []
    for item in good:
        reason, explanation = _why_left_out(context, item, assignment)
        left_out.append(LeftOut(item.key, item.name, reason, explanation, costs[item.key].net))
    return left_out


def _why_left_out(context: PlanContext, item: Technology, assignment: Assignment) -> tuple[str, str]:
    inputs, catalogue, phases = context.inputs, context.catalogue, context.planning.phases
    costs, capacity, problem = context.costs, context.capacity, context.problem
    if item.key in inputs.exclusions:
        return "excluded", "Excluded by the adviser."
    earliest = 0
    for needed in item.prerequisites.items:
        if needed in inputs.done:
            continue
        name = catalogue.technology(needed).name
        if needed in inputs.exclusions:
            return "prerequisite", f"Needs {name}, which is excluded."
        if needed not in assignment:
            return "prerequisite", f"Needs {name} first, which is not in this plan."
        earliest = max(earliest, assignment[needed] + 1)
    if earliest >= len(phases):
        return "prerequisite", "Its prerequisites are planned in the last phase, so it would come after 36 months."
    open_phases = list(range(earliest, len(phases)))
    reached = []
    for phase in open_phases:
        ok = True
        for dimension, minimum in item.prerequisites.minimum_levels.items():
            level = inputs.levels.get(dimension, 0.0) + sum(
                catalogue.technology(k).raises.get(dimension, 0) for k, p in assignment.items() if p < phase
            )
            if level < minimum:
                ok = False
        if ok:
            reached.append(phase)
    if not reached:
        needs = ", ".join(
            f"{dimension.replace('_', ' ')} at level {minimum} (now {inputs.levels.get(dimension, 0.0):.0f})"
            for dimension, minimum in item.prerequisites.minimum_levels.items()
        )
        return "maturity", f"Needs {needs}, which the plan does not reach in time."
    net = costs[item.key].net
    left = {
        p: Decimal(problem.budgets[p] - sum(problem.candidate(k).net_cost for k, q in assignment.items() if q == p))
        for p in reached
    }
    affordable = [p for p in reached if net <= left[p]]
    if not affordable:
        best = max(reached, key=lambda p: left[p])
        if all(inputs.budgets[p] == 0 for p in reached):
            return (
                "budget",
                f"Costs the company {money_text(net)} after grant; there is no budget in the phases where it could go.",
            )
        return (
            "budget",
            f"Costs the company {money_text(net)} after grant, more than is left in any phase where it could go "
            f"(at most {money_text(left[best])}, in {phases[best].title}).",
        )
    roomy = [p for p in affordable if sum(1 for q in assignment.values() if q == p) < capacity[p]]
    if not roomy:
        return "capacity", "The phases where it would fit already have as many projects as the company can run at once."
    if problem.grant_headroom is not None:
        granted = sum(problem.candidate(k).grant for k in assignment)
        if granted + costs[item.key].grant > problem.grant_headroom:
            return "grant", "Its grant would take the company past the subsidy it can still receive."
    if item.key in {c.key for c in problem.candidates}:
        extra = plan_value(problem, {**assignment, item.key: roomy[0]}) - plan_value(problem, assignment)
        if extra <= 0:
            overlap = [
                catalogue.technology(k).name
                for k in assignment
                if set(catalogue.technology(k).raises) & set(item.raises)
            ]
            return "value", f"What it adds is already delivered by {', '.join(overlap[:3]) or 'the chosen items'}."
    return "value", "Less value for its cost than the items chosen; the plan is better without it."
