"""The programme simulator: what a budget is likely to deliver, as a Monte Carlo projection with intervals.

Pure (numpy). Each draw takes every assumption from its triangular range, then follows the funnel:

    support budget = budget × (1 − grant share);  supported = support budget ÷ support cost per company
    investing = min(supported × investing rate, grant budget ÷ average grant)
    grants = investing × average grant;  private investment = grants × leverage
    jobs = investing × jobs per investing company;  upskilled = investing × roles per investing company
    GVA = jobs × GVA per job × years of GVA counted (present value)

The result gives the 10th, 50th and 90th percentiles of each outcome over the draws.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from adopt.core.errors import DomainError

DATA = Path(__file__).resolve().parent / "data" / "simulator@1.json"
OUTCOMES = ("supported", "investing", "grants", "private_investment", "jobs", "upskilled", "gva")


class AssumptionError(DomainError, ValueError):
    """An assumption range that cannot be drawn from: missing, or not low ≤ most likely ≤ high."""


@dataclass(frozen=True)
class Range:
    low: float
    mode: float
    high: float
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class Interval:
    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class Projection:
    budget: float
    draws: int
    outcomes: dict[str, Interval]
    assumptions: dict[str, Range]


def default_assumptions(path: Path = DATA) -> dict[str, Range]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return checked({key: Range(**value) for key, value in data["assumptions"].items()})


def checked(assumptions: dict[str, Range]) -> dict[str, Range]:
    required = {
        "support_cost_per_company",
        "grant_share",
        "investing_rate",
        "average_grant",
        "private_leverage",
        "jobs_per_investing",
        "upskilled_per_investing",
        "gva_per_job",
        "gva_years",
    }
    missing = required - set(assumptions)
    if missing:
        raise AssumptionError(f"Missing assumptions: {', '.join(sorted(missing))}.")
    for key, value in assumptions.items():
        if not value.low <= value.mode <= value.high:
            raise AssumptionError(
                f"{key}: the range must run low ≤ most likely ≤ high ({value.low}, {value.mode}, {value.high})."
            )
        if value.low < 0:
            raise AssumptionError(f"{key}: cannot be negative.")
    for key in ("grant_share", "investing_rate"):
        if assumptions[key].high > 1:
            raise AssumptionError(f"{key} is a share: at most 1.")
    if assumptions["support_cost_per_company"].low <= 0 or assumptions["average_grant"].low <= 0:
        raise AssumptionError("Support cost per company and average grant must be above zero.")
    return assumptions


def _draw(rng: np.random.Generator, value: Range, draws: int) -> np.ndarray:
    if value.low == value.high:
        return np.full(draws, value.mode)
    return rng.triangular(value.low, value.mode, value.high, draws)


def simulate(budget: float, assumptions: dict[str, Range], draws: int = 10_000, seed: int = 1) -> Projection:
    """Project outcomes of spending `budget` (£ of public money) over `draws` draws."""
    if budget <= 0:
        raise AssumptionError("The budget must be above zero.")
    if draws < 100:
        raise AssumptionError("Use at least 100 draws for stable intervals.")
    a = checked(assumptions)
    rng = np.random.default_rng(seed)
    d = {key: _draw(rng, value, draws) for key, value in a.items()}
    grant_budget = budget * d["grant_share"]
    supported = (budget - grant_budget) / d["support_cost_per_company"]
    investing = np.minimum(supported * d["investing_rate"], grant_budget / d["average_grant"])
    grants = investing * d["average_grant"]
    jobs = investing * d["jobs_per_investing"]
    results = {
        "supported": supported,
        "investing": investing,
        "grants": grants,
        "private_investment": grants * d["private_leverage"],
        "jobs": jobs,
        "upskilled": investing * d["upskilled_per_investing"],
        "gva": jobs * d["gva_per_job"] * d["gva_years"],
    }
    outcomes = {}
    for key in OUTCOMES:
        p10, p50, p90 = np.percentile(results[key], [10, 50, 90])
        outcomes[key] = Interval(float(p10), float(p50), float(p90))
    return Projection(budget, draws, outcomes, a)


def projection_json(projection: Projection) -> dict[str, Any]:
    return {
        "budget": projection.budget,
        "draws": projection.draws,
        "outcomes": {key: vars(value) for key, value in projection.outcomes.items()},
    }
