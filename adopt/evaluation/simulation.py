"""Firms whose growth is made up with a known effect of support, to prove that the estimators find it. Pure.

Selection is on size and sector, as it is in real programmes: larger firms and those in the sectors the programme
courts are likelier to be supported, and they are also larger to begin with. So supported firms differ from the
rest before any support, a naive comparison is far from the truth, and a method that accounts for the baseline
should recover the planted effect.

The same outcome model writes outcome panels for real firms (the demo's), given who was supported and when.
"""

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from adopt.evaluation.panel import Firm, Observation, Panel

SECTORS = ("food", "metals", "machinery", "electronics", "plastics")
SECTOR_LEVEL = {"food": 0.0, "metals": 0.3, "machinery": 0.5, "electronics": 0.2, "plastics": -0.1}
SECTOR_PULL = {"food": -0.6, "metals": 0.2, "machinery": 0.8, "electronics": 0.4, "plastics": -0.3}


@dataclass(frozen=True)
class Simulation:
    effect: float = 0.05  # 5% more of the outcome from the first year of support on
    firms: int = 2000
    first_year: int = 2019
    last_year: int = 2025
    treatment_years: tuple[int, ...] = (2021, 2022, 2023)
    seed: int = 20261201
    noise: float = 0.04  # yearly idiosyncratic variation of log employees


def _year_shock(year: int, first_year: int) -> float:
    # a common path: growth, a dip and a recovery, the same for every firm
    return 0.02 * (year - first_year) - (0.04 if year == first_year + 2 else 0.0)


def outcome_path(
    *,
    level: float,
    years: Iterable[int],
    treated_year: int | None,
    effect: float,
    noise: float,
    rng: random.Random,
) -> list[tuple[int, float]]:
    """Employees a year for one firm: its own level, the common year shocks, noise, and the effect once treated."""
    ordered = sorted(years)
    start = ordered[0]
    path = []
    for year in ordered:
        log_value = level + _year_shock(year, start) + rng.gauss(0, noise)
        if treated_year is not None and year >= treated_year:
            log_value += math.log1p(effect)
        path.append((year, round(math.exp(log_value), 2)))
    return path


def simulated_panel(simulation: Simulation = Simulation()) -> Panel:
    rng = random.Random(simulation.seed)  # noqa: S311  # reproducible made-up firms, not a secret
    firms, observations = [], []
    years = range(simulation.first_year, simulation.last_year + 1)
    for firm_id in range(1, simulation.firms + 1):
        sector = rng.choice(SECTORS)
        log_staff = rng.gauss(math.log(25), 0.8)
        age = rng.uniform(2, 40)
        level = log_staff + SECTOR_LEVEL[sector] + rng.gauss(0, 0.1)
        pull = -2.2 + 0.9 * (log_staff - math.log(25)) + SECTOR_PULL[sector]
        supported = rng.random() < 1 / (1 + math.exp(-pull))
        treated_year = rng.choice(simulation.treatment_years) if supported else None
        covariates = {"log_staff": log_staff, "age_years": age, **{f"sector_{s}": float(s == sector) for s in SECTORS}}
        firms.append(Firm(firm_id, treated_year, covariates))
        for year, value in outcome_path(
            level=level,
            years=years,
            treated_year=treated_year,
            effect=simulation.effect,
            noise=simulation.noise,
            rng=rng,
        ):
            observations.append(Observation(firm_id, year, value))
    return Panel("employees", tuple(firms), tuple(observations))


def outcomes_for(
    firms: Mapping[int, tuple[float, int | None]],
    *,
    years: Iterable[int],
    effect: float,
    seed: int,
    noise: float = 0.04,
) -> list[Observation]:
    """A panel of employees for known firms: firm → (baseline employees, first year of support or None)."""
    rng = random.Random(seed)  # noqa: S311  # reproducible made-up outcomes, not a secret
    rows = []
    span = list(years)
    for firm_id, (baseline, treated_year) in sorted(firms.items()):
        level = math.log(max(baseline, 1.0))
        for year, value in outcome_path(
            level=level, years=span, treated_year=treated_year, effect=effect, noise=noise, rng=rng
        ):
            rows.append(Observation(firm_id, year, value))
    return rows
