"""Expected outcomes of a plan, as ranges with their working: productivity, GVA, jobs, skills, energy and CO2e.

Pure. Percentage benefits of several items combine as 1 − Π(1 − b) rather than adding up, so ten 10%
gains never make 100%. A figure whose inputs are missing is reported as missing with the reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from adopt.core.money import round_half_up
from adopt.economics.figures import carbon_factors, manufacturing_gva_per_job
from adopt.roadmaps.catalogue import BenefitKind, Technology

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CompanyFacts:
    staff: int | None
    region_code: str | None
    electricity_kwh: int | None
    gas_kwh: int | None


@dataclass(frozen=True)
class Outcome:
    key: str
    title: str
    unit: str
    low: Decimal | None
    high: Decimal | None
    working: str

    @property
    def missing(self) -> bool:
        return self.low is None


def combined_percentage(items: Iterable[Technology], kind: BenefitKind) -> tuple[Decimal, Decimal]:
    """The combined low and high percentage benefit of the items, 1 − Π(1 − b)."""
    keep_low, keep_high = Decimal(1), Decimal(1)
    for item in items:
        benefit = item.benefits.get(kind)
        if benefit:
            keep_low *= 1 - benefit.low / HUNDRED
            keep_high *= 1 - benefit.high / HUNDRED
    return _round((1 - keep_low) * HUNDRED, 1), _round((1 - keep_high) * HUNDRED, 1)


_round = round_half_up


def _percent(key: str, title: str, items: list[Technology], kind: BenefitKind) -> Outcome:
    low, high = combined_percentage(items, kind)
    contributors = [item.name for item in items if kind in item.benefits]
    working = (
        f"Combined from {', '.join(contributors)} as 1 − Π(1 − b)."
        if contributors
        else "No item in the plan has this benefit."
    )
    return Outcome(key, title, "%", low, high, working)


def expected_outcomes(items: list[Technology], facts: CompanyFacts) -> list[Outcome]:
    outcomes = [
        _percent("productivity", "Productivity", items, "productivity"),
        _gva(combined_percentage(items, "productivity"), facts),
        _jobs(items),
        _upskilled(items, facts),
        _percent("scrap", "Scrap and rework cut", items, "scrap"),
        _percent("lead_time", "Lead time cut", items, "lead_time"),
    ]
    energy = _percent("energy", "Energy use cut", items, "energy")
    outcomes.extend([energy, *_energy_and_carbon(combined_percentage(items, "energy"), facts)])
    return outcomes


def _gva(productivity: tuple[Decimal, Decimal], facts: CompanyFacts) -> Outcome:
    title = "Extra GVA a year"
    if not facts.staff:
        return Outcome("gva", title, "£", None, None, "Missing: the company's staff headcount is not known.")
    low_pct, high_pct = productivity
    per_job = manufacturing_gva_per_job(facts.region_code)
    base = per_job.value * facts.staff
    low = _round(base * low_pct / HUNDRED, -2)
    high = _round(base * high_pct / HUNDRED, -2)
    working = (
        f"{facts.staff} staff × £{per_job.value:,.0f} GVA per job ({per_job.source}) = £{base:,.0f}, "
        f"× {low_pct}% to {high_pct}% productivity."
    )
    return Outcome("gva", title, "£", low, high, working)


def _jobs(items: list[Technology]) -> Outcome:
    low = sum((item.jobs.created_fte.low for item in items), Decimal(0))
    high = sum((item.jobs.created_fte.high for item in items), Decimal(0))
    working = "Sum of the jobs each item typically creates as capacity grows (full-time equivalents)."
    return Outcome("jobs", "Jobs created (FTE)", "FTE", low, high, working)


def _upskilled(items: list[Technology], facts: CompanyFacts) -> Outcome:
    low = sum((item.jobs.roles_upskilled.low for item in items), Decimal(0))
    high = sum((item.jobs.roles_upskilled.high for item in items), Decimal(0))
    working = "Sum of the roles each item trains; the same person trained twice counts once, so"
    if facts.staff is not None and high > facts.staff:
        working += f" the range is capped at the {facts.staff} staff."
        low, high = min(low, Decimal(facts.staff)), Decimal(facts.staff)
    else:
        working += " this is an upper estimate."
    return Outcome("upskilled", "Roles upskilled", "roles", low, high, working)


def _energy_and_carbon(energy: tuple[Decimal, Decimal], facts: CompanyFacts) -> list[Outcome]:
    if facts.electricity_kwh is None and facts.gas_kwh is None:
        reason = "Missing: enter the company's yearly electricity and gas use to estimate this."
        return [
            Outcome("kwh", "Energy saved a year", "kWh", None, None, reason),
            Outcome("co2e", "Carbon saved a year", "tCO2e", None, None, reason),
        ]
    low_pct, high_pct = energy
    factors = carbon_factors()
    electricity = Decimal(facts.electricity_kwh or 0)
    gas = Decimal(facts.gas_kwh or 0)
    use = electricity + gas
    kwh_low = _round(use * low_pct / HUNDRED)
    kwh_high = _round(use * high_pct / HUNDRED)
    carbon = electricity * factors.electricity.value + gas * factors.natural_gas.value  # kg a year
    co2_low = _round(carbon * low_pct / HUNDRED / 1000, 1)
    co2_high = _round(carbon * high_pct / HUNDRED / 1000, 1)
    kwh_working = f"{use:,.0f} kWh a year ({electricity:,.0f} electricity, {gas:,.0f} gas) × {low_pct}% to {high_pct}%."
    co2_working = (
        f"Electricity {electricity:,.0f} kWh × {factors.electricity.value} kgCO2e/kWh ({factors.electricity.source}) + "
        f"gas {gas:,.0f} kWh × {factors.natural_gas.value} kgCO2e/kWh ({factors.natural_gas.source}), "
        f"× {low_pct}% to {high_pct}%, ÷ 1,000."
    )
    return [
        Outcome("kwh", "Energy saved a year", "kWh", kwh_low, kwh_high, kwh_working),
        Outcome("co2e", "Carbon saved a year", "tCO2e", co2_low, co2_high, co2_working),
    ]
