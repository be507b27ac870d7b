"""A KPI report: every measure of the register over a period, against its target, with its definition and its
working, and the same figures quarter by quarter. Pure.

The dashboard, the funder's PDF and workbook, the CSV and the API all show one `KpiReport`, so a figure reads
the same everywhere. `selectors.kpi_report` gathers the facts; this module only arranges them.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.impact.arithmetic import Cell, Fact, Figures, figures_of, ratio_of, suppressed
from adopt.impact.measures import MINIMUM_SHOWN, RATIOS, REGISTER, Basis, Measure
from adopt.impact.model import Additionality, Figure, missing
from adopt.impact.periods import Period, Span
from adopt.impact.series import Series, series_of

ADDITIONALITY_FILE = Path(__file__).resolve().parent / "data" / "additionality@1.json"


@dataclass(frozen=True)
class Assumptions:
    """How gross becomes net and how long a benefit lasts: a programme's own, or Adopt's defaults."""

    additionality: Additionality
    persistence_years: int
    decay: Decimal
    discount_rate: Decimal


@cache
def default_assumptions() -> Assumptions:
    data = json.loads(ADDITIONALITY_FILE.read_text(encoding="utf-8"))
    additionality = Additionality(
        Decimal(str(data["deadweight"])),
        Decimal(str(data["leakage"])),
        Decimal(str(data["displacement"])),
        Decimal(str(data["substitution"])),
        Decimal(str(data["multiplier"])),
        f"additionality@{data['version']}",
    )
    return Assumptions(
        additionality, int(data["persistence_years"]), Decimal(str(data["decay"])), Decimal(str(data["discount_rate"]))
    )


@dataclass(frozen=True)
class Method:
    """What the figures were made with, for the working and the report's method section."""

    assumptions: Assumptions
    gva_per_job: Decimal
    gva_source: str
    persistence: Decimal  # the present-value factor of a yearly figure over its persistence
    carbon_factors: Mapping[str, tuple[Decimal, str]]  # fuel → kgCO2e per kWh and source


@dataclass(frozen=True)
class Kpi:
    key: str
    title: str
    figure: Figure
    target: Decimal | None
    definition: str
    companies: int  # distinct companies behind the figure
    hidden: bool = False  # not shown to this reader: too few companies behind it, or it would give such away

    @property
    def share_of_target(self) -> Decimal | None:
        if self.figure.value is None or not self.target:
            return None
        return (self.figure.value / self.target * 100).quantize(Decimal(1))


@dataclass(frozen=True)
class YearTable:
    """The quarters of one financial year and each measure's figures across them, for tables that fit a page."""

    label: str
    quarters: list[str]
    rows: list[tuple[Series, list[Decimal | None]]]


@dataclass(frozen=True)
class KpiReport:
    period: Period
    spans: tuple[Span, ...]
    kpis: tuple[Kpi, ...]
    series: tuple[Series, ...]
    figures: Mapping[str, Figures]  # every measure's figures, as shown (hidden where suppressed)
    engaged: Cell
    small_groups_hidden: bool
    method: Method
    too_few_to_show: bool  # hidden from this reader because fewer than 5 companies were ever engaged

    @property
    def charted(self) -> tuple[Series, ...]:
        """The measures drawn over time; every measure's quarters are in the tables, the workbook and the API."""
        if self.too_few_to_show:
            return ()
        return tuple(one for one in self.series if one.key in OVER_TIME)

    def kpi(self, key: str) -> Kpi:
        return next(kpi for kpi in self.kpis if kpi.key == key)

    @property
    def by_year(self) -> list[YearTable]:
        """What each quarter added, grouped by financial year."""
        years: dict[int, list[int]] = {}
        for index, span in enumerate(self.spans):
            years.setdefault(financial_year_of(span.starts_on), []).append(index)
        return [
            YearTable(
                financial_year_label(year),
                [self.spans[i].label for i in indexes],
                [(one, [one.added[i] for i in indexes]) for one in self.series],
            )
            for year, indexes in years.items()
        ]


OVER_TIME = ("supported", "investing", "paid", "upskilled", "jobs", "gva_net", "co2e")


def _working(measure: Measure, value: Decimal, figures: Mapping[str, Figures], method: Method) -> tuple[str, ...]:
    def period_value(key: str) -> Decimal:
        return figures[key].period.value or Decimal(0)

    factor = method.assumptions.additionality.factor
    chosen = method.assumptions
    if measure.key == "gva_gross":
        return (
            f"{period_value('jobs')} jobs × £{method.gva_per_job:,.0f} GVA per job ({method.gva_source}) × "
            f"{method.persistence:.4f} (over {chosen.persistence_years} years fading {chosen.decay:.0%} a year, "
            f"discounted at {chosen.discount_rate:.1%}) = £{value:,.0f} (present value).",
        )
    if measure.key == "gva_net":
        a = chosen.additionality
        return (
            f"£{period_value('gva_gross'):,.0f} × (1 − {a.deadweight} deadweight) × (1 − {a.leakage} leakage) × "
            f"(1 − {a.displacement} displacement) × (1 − {a.substitution} substitution) × {a.multiplier} "
            f"multiplier = £{value:,.0f} ({a.source}).",
        )
    if measure.key == "jobs_net":
        return (f"{period_value('jobs')} jobs × {factor:.4f} (additionality) = {value}.",)
    if measure.key == "co2e":
        factors = "; ".join(
            f"{fuel} {kg} kgCO2e/kWh ({source})" for fuel, (kg, source) in method.carbon_factors.items()
        )
        return (f"{value} t from the energy saved, at {factors}.",)
    return (f"{value:,} {measure.unit}." if measure.unit != "£" else f"£{value:,.2f}.",)


def _kpi(
    measure: Measure, shown: Figures, figures: Mapping[str, Figures], targets: Mapping[str, Decimal], method: Method
) -> Kpi:
    target = targets.get(measure.target) if measure.target else None
    value = shown.period.value
    if _unreported(shown):
        figure = missing(measure.unit, "no follow-up has reported it yet.")
    elif value is None:
        reason = f"fewer than {MINIMUM_SHOWN} companies behind it, or it would give such a figure away."
        return Kpi(
            measure.key, measure.title, missing(measure.unit, reason), target, measure.definition, 0, hidden=True
        )
    else:
        figure = Figure(value, measure.unit, _working(measure, value, figures, method))
    return Kpi(measure.key, measure.title, figure, target, measure.definition, shown.period.companies)


def _unreported(figures: Figures) -> bool:
    """A follow-up measure before any follow-up has reported it: missing, not zero."""
    return not figures.reported and figures.measure.basis in (Basis.RESTATED, Basis.SCALED)


def kpi_report(
    facts: Mapping[str, Sequence[Fact]],
    period: Period,
    spans: Sequence[Span],
    targets: Mapping[str, Decimal],
    method: Method,
    *,
    hide_small_groups: bool,
) -> KpiReport:
    """Every measure's figures over the period, hidden where fewer than five companies stand behind them when
    `hide_small_groups`; then the ratios of those figures, hidden where either side is."""
    exact = {measure.key: figures_of(measure, facts.get(measure.key, ()), period, spans) for measure in REGISTER}
    # A scaled measure has the same companies behind each figure as the one it scales, so it hides the same.
    shown = {key: suppressed(one) if hide_small_groups else one for key, one in exact.items()}
    kpis = [_kpi(m, shown[m.key], shown, targets, method) for m in REGISTER if m.shown]
    for ratio in RATIOS:
        top, bottom = shown[ratio.numerator], shown[ratio.denominator]
        cell = ratio_of(ratio, top, bottom)
        hidden = False
        if _unreported(top) or _unreported(bottom):
            figure = missing(ratio.unit, "no follow-up has reported one of its parts yet.")
        elif top.period.value is None or bottom.period.value is None:
            figure, hidden = missing(ratio.unit, "one of its parts is not shown."), True
        elif cell.value is None:
            figure = missing(ratio.unit, f"no {bottom.measure.title.lower()} in the period.")
        else:
            times = " × 100" if ratio.times == 100 else ""
            step = f"{top.period.value:,} ÷ {bottom.period.value:,}{times} = {cell.value:,}."
            figure = Figure(cell.value, ratio.unit, (step,))
        kpis.append(
            Kpi(ratio.key, ratio.title, figure, None, ratio.definition, 0 if hidden else cell.companies, hidden=hidden)
        )
    series = tuple(series_of(shown[m.key], targets.get(m.target or "")) for m in REGISTER if m.shown)
    too_few = hide_small_groups and 0 < exact["engaged"].to_date.companies < MINIMUM_SHOWN
    return KpiReport(
        period, tuple(spans), tuple(kpis), series, shown, shown["engaged"].period, hide_small_groups, method, too_few
    )
