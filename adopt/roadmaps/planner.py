"""Planning a company's roadmap: priorities per dimension, the optimised choice of items and phases, and
the reasons for every item planned or left out. Pure: facts and the catalogue in, a `Plan` out.

Priority of a dimension in a phase = the phase's time value × (w_gaps × gap ÷ 5 + w_objectives ×
relevance to the chosen objectives + w_cost × relevance to the company's cost profile), with the weights
per phase from the planning file. The gap is the distance from the company's level to the best-in-class
level for its industry; gains count up to the gap (one level further where an objective asks for it).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any

from adopt.core.errors import DomainError
from adopt.core.money import to_pence
from adopt.roadmaps.catalogue import Catalogue, Planning, SizeBand, Technology
from adopt.roadmaps.optimiser import Assignment, Candidate, InfeasiblePlan, Problem, Solution, optimise, plan_value
from adopt.roadmaps.outcomes import CompanyFacts, Outcome, expected_outcomes

ZERO = Decimal(0)


class PlanningError(DomainError):
    """The inputs cannot make a plan; the message tells the user what to change."""


@dataclass(frozen=True)
class FundingTerms:
    scheme: str
    match_rate: Decimal
    cap_per_project: Decimal
    headroom: Decimal | None = None  # what the company can still receive in subsidies


@dataclass(frozen=True)
class PlanningInputs:
    levels: Mapping[str, float]
    levels_source: str
    sic_code: str
    size_band: SizeBand
    budgets: tuple[Decimal, ...]
    objectives: tuple[str, ...] = ()
    cost_profile: Mapping[str, int] = field(default_factory=dict)
    capacity: tuple[int, ...] | None = None
    pins: Mapping[str, int | None] = field(default_factory=dict)
    exclusions: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()
    under_way: frozenset[str] = frozenset()  # items in progress: pinned where they are, but not by the adviser
    funding: FundingTerms | None = None


@dataclass(frozen=True)
class DimensionPriority:
    key: str
    title: str
    level: float
    target: int
    gap: float
    counts_up_to: float
    objective_relevance: float
    cost_relevance: float
    by_phase: tuple[float, ...]


@dataclass(frozen=True)
class ItemCosts:
    one_off_low: Decimal
    one_off_high: Decimal
    yearly_low: Decimal
    yearly_high: Decimal
    gross: Decimal  # one-off plus the first year's running cost, at the middle of each range
    grant: Decimal
    net: Decimal


@dataclass(frozen=True)
class PlannedItem:
    key: str
    name: str
    category: str
    phase: int
    starts_month: int
    ends_month: int
    costs: ItemCosts
    gaps: list[str]
    objectives: list[str]
    cost_areas: list[str]
    why_phase: str
    pinned: bool


@dataclass(frozen=True)
class LeftOut:
    key: str
    name: str
    reason: str  # budget, prerequisite, capacity, maturity, grant, excluded, value
    explanation: str
    net: Decimal


@dataclass(frozen=True)
class PhaseSummary:
    index: int
    key: str
    title: str
    budget: Decimal
    capacity: int
    gross: Decimal
    grant: Decimal
    net: Decimal
    items: int


@dataclass(frozen=True)
class Plan:
    catalogue: str
    planning: str
    levels_source: str
    size_band: str
    objectives: list[str]
    funding: str
    items: list[PlannedItem]
    left_out: list[LeftOut]
    phases: list[PhaseSummary]
    priorities: list[DimensionPriority]
    outcomes: list[Outcome]
    notices: list[str]
    method: str
    gap: float
    seconds: float
    value: float

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data (money as strings of pounds and pence), for storing a version."""
        data: dict[str, Any] = _jsonable(self)
        return data

    @property
    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        return (
            sum((p.gross for p in self.phases), ZERO),
            sum((p.grant for p in self.phases), ZERO),
            sum((p.net for p in self.phases), ZERO),
        )


def _jsonable(value: Any) -> Any:
    """JSON-ready data from dataclasses, Decimals and containers (without `asdict`'s deep copies)."""
    if isinstance(value, Decimal):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}"


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
                f"The items pinned to {phase.title} ({names}) cost the company {_money(net)} after grant, more than "
                f"its budget of {_money(inputs.budgets[index])} for that phase. Raise the budget or unpin an item."
            )
        if len(here) > capacity[index]:
            raise PlanningError(
                f"{len(here)} items are pinned to {phase.title}, more than the {capacity[index]} projects the "
                "company can run at once then. Raise the limit or move a pin."
            )
    total = sum((costs[key].net for key in pinned), ZERO)
    if total > sum(inputs.budgets, ZERO):
        raise PlanningError(
            f"The pinned items cost the company {_money(total)} after grant, more than its whole budget of "
            f"{_money(sum(inputs.budgets, ZERO))}. Raise the budget or unpin an item."
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
    inputs: PlanningInputs, catalogue: Catalogue, planning: Planning, facts: CompanyFacts, titles: Mapping[str, str]
) -> Plan:
    """The optimised plan with its reasons; PlanningError when the inputs cannot make one."""
    _check_inputs(inputs, catalogue, planning)
    capacity = inputs.capacity or tuple(phase.capacity for phase in planning.phases)
    priorities = dimension_priorities(inputs, planning, titles)
    costs = {item.key: item_costs(item, inputs.size_band, inputs.funding) for item in catalogue.technologies}
    _check_pins_fit(inputs, catalogue, planning, costs, capacity)
    problem = _problem(inputs, catalogue, planning, priorities, costs, capacity)
    try:
        solution = optimise(problem)
    except InfeasiblePlan:
        raise PlanningError(
            "The pinned items cannot all be planned together within the budgets, prerequisites and the number of "
            "projects per phase. Unpin an item, or raise a budget."
        ) from None
    return _explain(inputs, catalogue, planning, facts, priorities, costs, capacity, problem, solution)


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


def _standalone_value(item: Technology, caps: Mapping[str, float], weights: Mapping[str, tuple[float, ...]]) -> float:
    return sum(max(weights[d]) * min(amount, caps.get(d, 0.0)) for d, amount in item.raises.items() if d in weights)


def _useful_items(
    items: list[Technology],
    inputs: PlanningInputs,
    caps: Mapping[str, float],
    weights: Mapping[str, tuple[float, ...]],
) -> set[str]:
    """Items that can add value, the pinned ones, and what they need: the rest cannot change the plan."""
    by_key = {item.key: item for item in items}
    useful = {item.key for item in items if _standalone_value(item, caps, weights) > 0 or item.key in inputs.pins}
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


def _explain(
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    facts: CompanyFacts,
    priorities: list[DimensionPriority],
    costs: Mapping[str, ItemCosts],
    capacity: tuple[int, ...],
    problem: Problem,
    solution: Solution,
) -> Plan:
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
                _why_phase(key, phase_index, inputs, catalogue, planning, problem, assignment, capacity),
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
    notices = _notices(inputs, planning, assignment)
    left_out = _left_out(inputs, catalogue, planning, priorities, costs, capacity, problem, assignment)
    outcomes = expected_outcomes([catalogue.technology(key) for key in assignment], facts)
    funding = (
        f"{inputs.funding.scheme}: {inputs.funding.match_rate:.0%} of one-off costs, up to "
        f"{_money(inputs.funding.cap_per_project)} a project"
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


def _notices(inputs: PlanningInputs, planning: Planning, assignment: Assignment) -> list[str]:
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
            notices.append(f"A pin on {key} was ignored: it is already done.")
    if not inputs.objectives:
        notices.append("No objectives were chosen, so the plan follows the gaps and the cost profile only.")
    return notices


def _why_phase(
    key: str,
    phase: int,
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    problem: Problem,
    assignment: Assignment,
    capacity: tuple[int, ...],
) -> str:
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


def _left_out(
    inputs: PlanningInputs,
    catalogue: Catalogue,
    planning: Planning,
    priorities: list[DimensionPriority],
    costs: Mapping[str, ItemCosts],
    capacity: tuple[int, ...],
    problem: Problem,
    assignment: Assignment,
) -> list[LeftOut]:
    """Every item that could add value but is not planned, with the constraint that kept it out."""
    caps = {p.key: p.counts_up_to for p in priorities}
    weights = {p.key: p.by_phase for p in priorities}
    good = [
        item
        for item in catalogue.technologies
        if item.key not in assignment and item.key not in inputs.done and _standalone_value(item, caps, weights) > 0
    ]
    good.sort(key=lambda item: -_standalone_value(item, caps, weights))
    phases = planning.phases
    left_out = []
    for item in good:
        reason, explanation = _why_left_out(item, inputs, catalogue, phases, costs, capacity, problem, assignment)
        left_out.append(LeftOut(item.key, item.name, reason, explanation, costs[item.key].net))
    return left_out


def _why_left_out(
    item: Technology,
    inputs: PlanningInputs,
    catalogue: Catalogue,
    phases: list[Any],
    costs: Mapping[str, ItemCosts],
    capacity: tuple[int, ...],
    problem: Problem,
    assignment: Assignment,
) -> tuple[str, str]:
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
                f"Costs the company {_money(net)} after grant; there is no budget in the phases where it could go.",
            )
        return (
            "budget",
            f"Costs the company {_money(net)} after grant, more than is left in any phase where it could go "
            f"(at most {_money(left[best])}, in {phases[best].title}).",
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
