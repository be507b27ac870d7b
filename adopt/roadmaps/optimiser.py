"""Choosing technologies and phases: a mixed-integer programme (HiGHS) and a greedy baseline.

Pure and catalogue-agnostic: a `Problem` of candidates with net costs, grants, dimension raises,
prerequisites and minimum levels in; an `Assignment` (item → phase index) out.

The model, with x[i,p] = 1 when item i is planned in phase p and g[d,p] ≥ 0 the levels of dimension d
gained in phase p that count:

    maximise    Σ priority[d,p] · g[d,p]  −  ε · Σ net[i] · x[i,p]  (+  stay · Σ x[i,previous phase of i])
    subject to  Σ_p x[i,p] ≤ 1                        each item at most once (= 1 when pinned)
                Σ_i net[i] · x[i,p] ≤ budget[p]       the company's money per phase, net of grant
                Σ_i x[i,p] ≤ capacity[p]              concurrent projects per phase
                Σ_i,p grant[i] · x[i,p] ≤ headroom    the grant the company can still receive
                x[i,p] ≤ Σ_{q<p} x[j,q]               a prerequisite j in an earlier phase
                m·x[i,p] − Σ_{j,q<p} raise[j,d]·x[j,q] ≤ level[d]   a minimum level m on d, reached
                                                                     now or by earlier items
                g[d,p] ≤ Σ_i raise[i,d] · x[i,p],  Σ_p g[d,p] ≤ cap[d]   gains count up to the gap

Capping the gains at the gap makes a second item on a closed gap worth nothing, so the plan spreads
over the company's needs rather than piling onto one dimension. ε makes the cheaper of equal plans win
and keeps items that add nothing out of the plan. When an adviser pins or drops an item, `stay` (far above any
gain) rewards each other item for keeping its phase: the plan moves an item only when a rule leaves no choice.
"""

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import highspy
import numpy as np

COST_WEIGHT = 1e-7  # per pound: far below the value of any real gain, enough to break ties


@dataclass(frozen=True)
class Candidate:
    key: str
    net_cost: int  # whole pounds the company pays in the phase, after grant
    grant: int
    raises: Mapping[str, int]
    needs: tuple[str, ...] = ()  # prerequisite items not yet in place
    minimum_levels: Mapping[str, int] = field(default_factory=dict)
    pinned: bool = False
    pinned_phase: int | None = None


@dataclass(frozen=True)
class Problem:
    candidates: tuple[Candidate, ...]
    budgets: tuple[int, ...]
    capacity: tuple[int, ...]
    levels: Mapping[str, float]  # where the company is now, 0 to 5
    caps: Mapping[str, float]  # how many levels of gain count, per dimension
    priority: Mapping[str, tuple[float, ...]]  # value of one level gained, per dimension and phase
    grant_headroom: int | None = None
    time_limit: float = 2.0
    mip_rel_gap: float = 0.005
    # The plan to change as little as possible: each item kept in its phase there earns `stay_weight`.
    previous: Mapping[str, int] = field(default_factory=dict)
    stay_weight: float = 0.0

    @property
    def phases(self) -> int:
        return len(self.budgets)

    @cached_property
    def _by_key(self) -> dict[str, Candidate]:
        return {c.key: c for c in self.candidates}

    def candidate(self, key: str) -> Candidate:
        return self._by_key[key]


Assignment = dict[str, int]  # item key → phase index


@dataclass(frozen=True)
class Solution:
    assignment: Assignment
    value: float
    method: str  # "optimal", "within gap", "greedy"
    gap: float
    seconds: float


class InfeasiblePlan(Exception):
    """No plan meets every pin together with the budgets, prerequisites, levels and capacity."""


def plan_value(problem: Problem, assignment: Assignment) -> float:
    """The objective's value of an assignment, gains capped per dimension, best phases filled first."""
    value = 0.0
    for dimension, cap in problem.caps.items():
        gained = [0.0] * problem.phases
        for key, phase in assignment.items():
            gained[phase] += problem.candidate(key).raises.get(dimension, 0)
        left = cap
        weights = problem.priority.get(dimension, (0.0,) * problem.phases)
        for phase in sorted(range(problem.phases), key=lambda p: -weights[p]):
            counted = min(gained[phase], left)
            value += weights[phase] * counted
            left -= counted
    cost = sum(problem.candidate(key).net_cost for key in assignment)
    return value - COST_WEIGHT * cost


def broken_rules(problem: Problem, assignment: Assignment) -> list[str]:
    """Every constraint the assignment breaks, in words; empty for a valid plan."""
    broken = []
    for phase in range(problem.phases):
        chosen = [problem.candidate(key) for key, p in assignment.items() if p == phase]
        spent = sum(c.net_cost for c in chosen)
        if spent > problem.budgets[phase]:
            broken.append(f"phase {phase}: spends {spent}, budget {problem.budgets[phase]}")
        if len(chosen) > problem.capacity[phase]:
            broken.append(f"phase {phase}: {len(chosen)} projects, capacity {problem.capacity[phase]}")
    if problem.grant_headroom is not None:
        granted = sum(problem.candidate(key).grant for key in assignment)
        if granted > problem.grant_headroom:
            broken.append(f"grant {granted} above headroom {problem.grant_headroom}")
    for key, phase in assignment.items():
        item = problem.candidate(key)
        for needed in item.needs:
            if needed not in assignment or assignment[needed] >= phase:
                broken.append(f"{key} in phase {phase} without {needed} before it")
        for dimension, minimum in item.minimum_levels.items():
            reached = problem.levels.get(dimension, 0.0) + sum(
                problem.candidate(other).raises.get(dimension, 0) for other, q in assignment.items() if q < phase
            )
            if reached < minimum:
                broken.append(f"{key} in phase {phase} needs {dimension} at {minimum}, reached {reached:g}")
        if item.pinned_phase is not None and phase != item.pinned_phase:
            broken.append(f"{key} pinned to phase {item.pinned_phase}, planned in phase {phase}")
    for item in problem.candidates:
        if item.pinned and item.key not in assignment:
            broken.append(f"{item.key} is pinned but not planned")
    return broken


def optimise(problem: Problem) -> Solution:
    """The best assignment the solver proves within the gap and the time limit."""
    started = time.perf_counter()
    items = problem.candidates
    phases = problem.phases
    dimensions = sorted(problem.caps)
    n_x = len(items) * phases
    n_vars = n_x + len(dimensions) * phases
    index = {item.key: i for i, item in enumerate(items)}

    def x(i: int, p: int) -> int:
        return i * phases + p

    def g(d: int, p: int) -> int:
        return n_x + d * phases + p

    objective = np.zeros(n_vars)
    lower = np.zeros(n_vars)
    upper = np.ones(n_vars)
    for i, item in enumerate(items):
        for p in range(phases):
            objective[x(i, p)] = COST_WEIGHT * item.net_cost
            if item.pinned_phase is not None and p != item.pinned_phase:
                upper[x(i, p)] = 0
            if item.needs and p == 0:
                upper[x(i, p)] = 0  # a prerequisite must come in an earlier phase
            if any(needed not in index for needed in item.needs):
                upper[x(i, p)] = 0
    for i, item in enumerate(items):
        kept = problem.previous.get(item.key)
        if kept is not None and kept < phases:
            objective[x(i, kept)] -= problem.stay_weight
    for d, dimension in enumerate(dimensions):
        for p in range(phases):
            objective[g(d, p)] = -problem.priority.get(dimension, (0.0,) * phases)[p]
            upper[g(d, p)] = problem.caps[dimension]

    rows: list[tuple[dict[int, float], float, float]] = []
    for i, item in enumerate(items):
        rows.append(({x(i, p): 1.0 for p in range(phases)}, 1.0 if item.pinned else 0.0, 1.0))
    for p in range(phases):
        rows.append(({x(i, p): float(item.net_cost) for i, item in enumerate(items)}, -np.inf, problem.budgets[p]))
        rows.append(({x(i, p): 1.0 for i in range(len(items))}, -np.inf, problem.capacity[p]))
    if problem.grant_headroom is not None:
        rows.append(
            (
                {x(i, p): float(item.grant) for i, item in enumerate(items) for p in range(phases)},
                -np.inf,
                problem.grant_headroom,
            )
        )
    for i, item in enumerate(items):
        for needed in item.needs:
            if needed not in index:
                continue
            j = index[needed]
            for p in range(1, phases):
                row = {x(i, p): 1.0}
                for q in range(p):
                    row[x(j, q)] = -1.0
                rows.append((row, -np.inf, 0.0))
        for dimension, minimum in item.minimum_levels.items():
            level = problem.levels.get(dimension, 0.0)
            if level >= minimum:
                continue
            raisers = [(j, other.raises[dimension]) for j, other in enumerate(items) if other.raises.get(dimension)]
            for p in range(phases):
                row = {x(i, p): float(minimum)}
                for j, amount in raisers:
                    for q in range(p):
                        row[x(j, q)] = row.get(x(j, q), 0.0) - amount
                rows.append((row, -np.inf, level))
    for d, dimension in enumerate(dimensions):
        for p in range(phases):
            row = {g(d, p): 1.0}
            for i, item in enumerate(items):
                if item.raises.get(dimension):
                    row[x(i, p)] = -float(item.raises[dimension])
            rows.append((row, -np.inf, 0.0))
        rows.append(({g(d, p): 1.0 for p in range(phases)}, -np.inf, problem.caps[dimension]))

    values = _solve(objective, lower, upper, rows, n_x, problem)
    assignment = {item.key: p for i, item in enumerate(items) for p in range(phases) if values.x[x(i, p)] > 0.5}
    return Solution(
        assignment, plan_value(problem, assignment), values.method, values.gap, time.perf_counter() - started
    )


_one_thread = False


def use_one_thread() -> None:
    """Solve on one thread from now on: for worker processes that already share the cores between them."""
    global _one_thread
    _one_thread = True
    highspy.Highs.resetGlobalScheduler(True)


def new_solver() -> highspy.Highs:
    """A HiGHS instance. The first one in a process prints a banner straight to file descriptor 1, which would
    corrupt a command's JSON output, so that one is created with descriptor 1 pointed at standard error."""
    global _banner_shown
    if _banner_shown:
        solver = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotations
        if _one_thread:
            solver.setOptionValue("threads", 1)
        return solver
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        solver = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotations
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _banner_shown = True
    return solver


_banner_shown = False


@dataclass(frozen=True)
class _Solved:
    x: list[float]
    method: str
    gap: float


def _solve(
    objective: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    rows: list[tuple[dict[int, float], float, float]],
    n_integer: int,
    problem: Problem,
) -> _Solved:
    """Minimise with HiGHS; the first `n_integer` columns are binary."""
    n_vars = len(objective)
    by_column: list[list[tuple[int, float]]] = [[] for _ in range(n_vars)]
    for r, (coefficients, _, _) in enumerate(rows):
        for column, value in coefficients.items():
            by_column[column].append((r, value))
    model = highspy.HighsLp()
    model.num_col_ = n_vars
    model.num_row_ = len(rows)
    model.col_cost_ = objective
    model.col_lower_ = lower
    model.col_upper_ = upper
    model.row_lower_ = np.array([max(low, -highspy.kHighsInf) for _, low, _ in rows])
    model.row_upper_ = np.array([high for _, _, high in rows], dtype=float)
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = np.cumsum([0] + [len(entries) for entries in by_column])
    model.a_matrix_.index_ = np.array([r for entries in by_column for r, _ in entries], dtype=np.int32)
    model.a_matrix_.value_ = np.array([v for entries in by_column for _, v in entries])
    model.integrality_ = [highspy.HighsVarType.kInteger] * n_integer + [highspy.HighsVarType.kContinuous] * (
        n_vars - n_integer
    )
    solver = new_solver()
    for option, value in {
        "output_flag": False,
        "time_limit": problem.time_limit,
        "mip_rel_gap": problem.mip_rel_gap,
        # Measured on the shipped catalogue (bench/roadmaps.py): restarts, the RINS/RENS and root reduced-cost
        # sub-MIPs and a large cut pool cost more time than they save on models this size, where the root node
        # nearly always closes the gap. Median plan time fell from 61 ms to 24 ms.
        "mip_allow_restart": False,
        "mip_heuristic_run_rins": False,
        "mip_heuristic_run_rens": False,
        "mip_heuristic_run_root_reduced_cost": False,
        "mip_pool_soft_limit": 200,
    }.items():
        solver.setOptionValue(option, value)
    solver.passModel(model)
    solver.run()
    status = solver.getModelStatus()
    info = solver.getInfo()
    if info.primal_solution_status != 2:  # no feasible solution
        raise InfeasiblePlan(solver.modelStatusToString(status))
    method = "optimal" if status == highspy.HighsModelStatus.kOptimal else "within gap"
    return _Solved(list(solver.getSolution().col_value), method, float(info.mip_gap))


def _fits(problem: Problem, assignment: Assignment, item: Candidate, phase: int) -> bool:
    if item.pinned_phase is not None and phase != item.pinned_phase:
        return False
    in_phase = [key for key, p in assignment.items() if p == phase]
    if len(in_phase) >= problem.capacity[phase]:
        return False
    if sum(problem.candidate(key).net_cost for key in in_phase) + item.net_cost > problem.budgets[phase]:
        return False
    if problem.grant_headroom is not None:
        granted = sum(problem.candidate(key).grant for key in assignment)
        if granted + item.grant > problem.grant_headroom:
            return False
    trial = {**assignment, item.key: phase}
    return not broken_rules(_without_pins(problem), trial)


def _without_pins(problem: Problem) -> Problem:
    """The problem with pins relaxed, to check a partial assignment's other rules."""
    relaxed = tuple(
        Candidate(c.key, c.net_cost, c.grant, c.raises, c.needs, c.minimum_levels) for c in problem.candidates
    )
    return Problem(
        relaxed,
        problem.budgets,
        problem.capacity,
        problem.levels,
        problem.caps,
        problem.priority,
        problem.grant_headroom,
    )


def greedy(problem: Problem) -> Solution:
    """Best value for money first: pins, then repeatedly the item with the highest extra value per pound
    in the earliest phase it fits, until nothing that fits adds value."""
    started = time.perf_counter()
    assignment: Assignment = {}
    for item in problem.candidates:
        if item.pinned:
            for phase in [item.pinned_phase] if item.pinned_phase is not None else range(problem.phases):
                if _fits(problem, assignment, item, phase):
                    assignment[item.key] = phase
                    break
    while True:
        base = plan_value(problem, assignment)
        best: tuple[float, str, int] | None = None
        for item in problem.candidates:
            if item.key in assignment:
                continue
            for phase in range(problem.phases):
                if not _fits(problem, assignment, item, phase):
                    continue
                gain = plan_value(problem, {**assignment, item.key: phase}) - base
                if gain > 0:
                    ratio = gain / max(item.net_cost, 1)
                    if best is None or ratio > best[0]:
                        best = (ratio, item.key, phase)
                break  # the earliest phase it fits
        if best is None:
            break
        assignment[best[1]] = best[2]
    return Solution(assignment, plan_value(problem, assignment), "greedy", 0.0, time.perf_counter() - started)
