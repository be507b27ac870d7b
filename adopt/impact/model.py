"""The impact model: gross outcomes to net additional impact, over time, with value for money. Pure.

Every function returns a `Figure` that carries its working, so a dashboard or a funder report can show how
each number was made. A figure whose inputs are missing is `missing` with the reason, never zero.

Method (HM Treasury Green Book and its additionality guidance):

    net = gross × (1 − deadweight) × (1 − leakage) × (1 − displacement) × (1 − substitution) × multiplier

deadweight being the share that would have happened anyway (the reference case). A yearly benefit persists
for a number of years, fading by a decay rate each year, and is discounted at the Green Book rate (3.5%):

    present value = Σ_{t=0}^{years−1} annual × (1 − decay)^t ÷ (1 + rate)^t
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from adopt.core.money import round_half_up

GREEN_BOOK_RATE = Decimal("0.035")
ONE = Decimal(1)


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    unit: str
    working: tuple[str, ...] = field(default=())

    @property
    def missing(self) -> bool:
        return self.value is None

    def explain(self) -> str:
        return " ".join(self.working)


def missing(unit: str, reason: str) -> Figure:
    return Figure(None, unit, (f"Missing: {reason}",))


def _round(value: Decimal, places: int = 2) -> Decimal:
    return round_half_up(value, places)


def _share(value: Decimal, name: str) -> None:
    if not Decimal(0) <= value <= ONE:
        raise ValueError(f"{name} must be a share from 0 to 1, not {value}.")


@dataclass(frozen=True)
class Additionality:
    deadweight: Decimal
    leakage: Decimal
    displacement: Decimal
    substitution: Decimal
    multiplier: Decimal
    source: str

    def __post_init__(self) -> None:
        for name in ("deadweight", "leakage", "displacement", "substitution"):
            _share(getattr(self, name), name)
        if self.multiplier < ONE:
            raise ValueError(f"The multiplier must be 1 or more, not {self.multiplier}.")

    @property
    def factor(self) -> Decimal:
        return (
            (ONE - self.deadweight)
            * (ONE - self.leakage)
            * (ONE - self.displacement)
            * (ONE - self.substitution)
            * self.multiplier
        )


def gva_from_jobs(jobs_fte: Decimal | None, gva_per_job: Decimal, source: str) -> Figure:
    """GVA a year from new jobs: jobs × GVA per filled job."""
    if jobs_fte is None:
        return missing("£ a year", "no jobs figure.")
    if jobs_fte < 0:
        raise ValueError("Jobs cannot be negative.")
    value = _round(jobs_fte * gva_per_job)
    return Figure(
        value, "£ a year", (f"{jobs_fte} jobs × £{gva_per_job:,.0f} GVA per job ({source}) = £{value:,.2f}.",)
    )


def gva_from_productivity(base_gva: Decimal | None, uplift_pct: Decimal | None, basis: str) -> Figure:
    """GVA a year from a productivity gain on the company's existing GVA."""
    if base_gva is None or uplift_pct is None:
        return missing("£ a year", "no base GVA or no productivity gain.")
    value = _round(base_gva * uplift_pct / 100)
    return Figure(value, "£ a year", (f"£{base_gva:,.0f} GVA ({basis}) × {uplift_pct}% productivity = £{value:,.2f}.",))


def carbon_saved(kwh_by_fuel: dict[str, Decimal], factors: dict[str, tuple[Decimal, str]]) -> Figure:
    """Tonnes of CO2e a year from energy saved, fuel by fuel × its conversion factor (kgCO2e per kWh)."""
    if not kwh_by_fuel:
        return missing("tCO2e a year", "no energy saving recorded.")
    steps = []
    kilograms = Decimal(0)
    for fuel, kwh in kwh_by_fuel.items():
        if kwh < 0:
            raise ValueError("An energy saving cannot be negative.")
        if fuel not in factors:
            return missing("tCO2e a year", f"no conversion factor for {fuel}.")
        factor, source = factors[fuel]
        kilograms += kwh * factor
        steps.append(f"{fuel} {kwh:,.0f} kWh × {factor} kgCO2e/kWh ({source})")
    value = _round(kilograms / 1000, 2)
    return Figure(value, "tCO2e a year", (" + ".join(steps) + f" = {kilograms:,.1f} kg = {value} t.",))


def net_additional(gross: Figure, additionality: Additionality) -> Figure:
    if gross.value is None:
        return Figure(None, gross.unit, gross.working)
    a = additionality
    value = _round(gross.value * a.factor)
    step = (
        f"Net = {gross.value:,.2f} × (1 − {a.deadweight} deadweight) × (1 − {a.leakage} leakage) × "
        f"(1 − {a.displacement} displacement) × (1 − {a.substitution} substitution) × {a.multiplier} multiplier "
        f"= {value:,.2f} ({a.source})."
    )
    return Figure(value, gross.unit, (*gross.working, step))


def persistence_factor(years: int, decay: Decimal, rate: Decimal = GREEN_BOOK_RATE) -> Decimal:
    """Σ (1 − decay)^t ÷ (1 + rate)^t for t = 0 … years − 1: a yearly figure's worth over its persistence."""
    if years < 1:
        raise ValueError("Persistence must be at least one year.")
    _share(decay, "decay")
    return sum(((ONE - decay) ** t / (ONE + rate) ** t for t in range(years)), Decimal(0))


def present_value(annual: Figure, years: int, decay: Decimal, rate: Decimal = GREEN_BOOK_RATE) -> Figure:
    """The yearly figure over `years`, fading by `decay` a year and discounted at `rate`."""
    factor = persistence_factor(years, decay, rate)
    if annual.value is None:
        return Figure(None, annual.unit, annual.working)
    value = _round(annual.value * factor)
    unit = annual.unit.replace(" a year", "")
    step = (
        f"Over {years} years fading {decay:.0%} a year, discounted at {rate:.1%}: "
        f"× {factor:.4f} = {value:,.2f} (present value)."
    )
    return Figure(value, unit, (*annual.working, step))


@dataclass(frozen=True)
class ValueForMoney:
    cost_per_job: Figure
    leverage: Figure
    net_gva_per_pound: Figure


def value_for_money(
    public_cost: Decimal, private_investment: Decimal | None, net_jobs: Decimal | None, net_gva: Decimal | None
) -> ValueForMoney:
    def ratio(top: Decimal | None, bottom: Decimal | None, unit: str, words: str) -> Figure:
        if top is None or bottom is None:
            return missing(unit, f"{words}: an input is missing.")
        if bottom == 0:
            return missing(unit, f"{words}: divides by zero.")
        value = _round(top / bottom)
        return Figure(value, unit, (f"{words}: {top:,.2f} ÷ {bottom:,.2f} = {value:,.2f}.",))

    return ValueForMoney(
        ratio(public_cost, net_jobs, "£ per job", "Public cost per net job"),
        ratio(private_investment, public_cost, "£ per £1", "Private investment per £1 of public money"),
        ratio(net_gva, public_cost, "£ per £1", "Net GVA per £1 of public money"),
    )


def total(figures: Sequence[Figure], unit: str) -> Figure:
    """The sum of figures, missing if any is missing (a partial sum would read as a whole)."""
    absent = [f for f in figures if f.value is None]
    if absent:
        return missing(unit, f"{len(absent)} of {len(figures)} inputs are missing.")
    value = sum((f.value for f in figures if f.value is not None), Decimal(0))
    return Figure(value, unit, (f"Sum of {len(figures)} figures = {value:,.2f}.",))
