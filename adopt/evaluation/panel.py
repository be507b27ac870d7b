"""What an estimator reads: firms with their baseline and the year their treatment began, and an outcome a year per
firm. Pure: built from the database by `selectors`, or from a simulation with a known effect.

Covariates are the baseline, taken before support: they describe a firm as it was when it first met Adopt, so
matching on them cannot match on what the programme changed.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Firm:
    id: int
    treated_year: int | None  # the first year of treatment; None for the comparison group
    covariates: Mapping[str, float]


@dataclass(frozen=True)
class Observation:
    firm: int
    year: int
    value: float


@dataclass(frozen=True)
class Panel:
    outcome: str  # "employees" or "turnover"
    firms: tuple[Firm, ...]
    observations: tuple[Observation, ...]

    @property
    def treated(self) -> tuple[Firm, ...]:
        return tuple(firm for firm in self.firms if firm.treated_year is not None)

    @property
    def comparison(self) -> tuple[Firm, ...]:
        return tuple(firm for firm in self.firms if firm.treated_year is None)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({row.year for row in self.observations}))

    def values_by_firm(self) -> dict[int, dict[int, float]]:
        by_firm: dict[int, dict[int, float]] = {}
        for row in self.observations:
            by_firm.setdefault(row.firm, {})[row.year] = row.value
        return by_firm


@dataclass(frozen=True)
class Draw:
    year: int  # the year the places were drawn
    candidates: frozenset[int]
    selected: frozenset[int]
