"""What a roadmap plan is made of: the inputs it is planned from and the plan with its costs, phases and reasons.

Pure data, stored as JSON with each roadmap version (`Plan.to_json`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any

from adopt.core.errors import DomainError
from adopt.roadmaps.catalogue import SizeBand
from adopt.roadmaps.outcomes import Outcome

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


def money_text(value: Decimal) -> str:
    return f"£{value:,.0f}"
