"""Programme KPIs for a period, each against its target, with missing figures kept missing. Pure.

`KpiInputs` are counts and sums a selector gathers; `programme_kpis` turns them into the figures a dashboard
and a funder report show, GVA and carbon through the impact model so each carries its working.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from adopt.impact.model import (
    Additionality,
    Figure,
    carbon_saved,
    gva_from_jobs,
    missing,
    net_additional,
    present_value,
    value_for_money,
)

ADDITIONALITY_FILE = Path(__file__).resolve().parent / "data" / "additionality@1.json"
MINIMUM_SHOWN = 5


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None


def financial_year(label: str) -> Period:
    """'2026-27' → 1 April 2026 to 31 March 2027; 'all' → no bounds. ValueError for anything else."""
    if label == "all":
        return Period("all time", None, None)
    try:
        start, end = label.split("-")
        year = int(start)
        if len(end) != 2 or int(end) != (year + 1) % 100:
            raise ValueError
    except ValueError:
        raise ValueError(f"{label!r} is not a financial year like 2026-27.") from None
    return Period(f"{year}/{str(year + 1)[-2:]}", datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31))


def period_between(starts_on: datetime.date, ends_on: datetime.date) -> Period:
    if ends_on < starts_on:
        raise ValueError("The period ends before it starts.")
    return Period(f"{starts_on:%-d %B %Y} to {ends_on:%-d %B %Y}", starts_on, ends_on)


def parse_period(text: str) -> Period:
    """'all', a financial year like '2026-27', or any dates as '2026-04-01..2026-09-30'. ValueError otherwise."""
    if ".." in text:
        start, _, end = text.partition("..")
        try:
            starts_on, ends_on = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a period from one date to another, like 2026-04-01..2026-09-30."
            ) from None
        return period_between(starts_on, ends_on)
    return financial_year(text)


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
class KpiInputs:
    engaged: int
    supported: int
    assessed: int
    with_roadmap: int
    investing: int
    grants_committed: Decimal
    grants_paid: Decimal
    private_investment: Decimal | None  # None when no follow-up has reported investment
    jobs: Decimal | None
    upskilled: int
    jobs_forecast: Decimal  # at approval, over the grants awarded in the period
    upskilled_forecast: int
    internships: int
    internship_job_offers: int
    leaders_on_cohorts: int  # places on cohorts starting in the period
    leaders_completed: int  # on cohorts ending in the period
    leadership_attendance: Decimal | None  # % of sessions attended, cohorts ending in the period
    kwh_by_fuel: dict[str, Decimal]
    carbon_factors: dict[str, tuple[Decimal, str]]
    gva_per_job: Decimal
    gva_source: str
    targets: dict[str, Decimal]
    assumptions: Assumptions


@dataclass(frozen=True)
class Kpi:
    key: str
    title: str
    figure: Figure
    target: Decimal | None

    @property
    def share_of_target(self) -> Decimal | None:
        if self.figure.value is None or not self.target:
            return None
        return (self.figure.value / self.target * 100).quantize(Decimal(1))


def _count(value: int, unit: str, words: str) -> Figure:
    return Figure(Decimal(value), unit, (f"{value:,} {words}.",))


def programme_kpis(inputs: KpiInputs) -> list[Kpi]:
    chosen = inputs.assumptions
    gross_yearly = gva_from_jobs(inputs.jobs, inputs.gva_per_job, inputs.gva_source)
    gross = present_value(gross_yearly, chosen.persistence_years, chosen.decay, chosen.discount_rate)
    net = net_additional(gross, chosen.additionality)
    # Grants are the public money Adopt records; support staff costs sit outside it, so these ratios
    # are per £1 of grant rather than of the whole programme budget.
    net_jobs = (inputs.jobs * chosen.additionality.factor).quantize(Decimal("0.1")) if inputs.jobs is not None else None
    money = value_for_money(inputs.grants_paid, inputs.private_investment, net_jobs, net.value)
    cost_per_job = money.cost_per_job
    if net_jobs is not None and cost_per_job.value is not None:
        step = f"Net jobs: {inputs.jobs} × {chosen.additionality.factor:.4f} (additionality) = {net_jobs}."
        cost_per_job = Figure(cost_per_job.value, cost_per_job.unit, (step, *cost_per_job.working))
    carbon = carbon_saved(inputs.kwh_by_fuel, inputs.carbon_factors)
    private = (
        Figure(inputs.private_investment, "£", ("Investment reported at follow-up (plant, IT, training).",))
        if inputs.private_investment is not None
        else missing("£", "no follow-up has reported investment yet.")
    )
    jobs = (
        Figure(inputs.jobs, "FTE", ("New jobs reported at the latest follow-up of each grant.",))
        if inputs.jobs is not None
        else missing("FTE", "no follow-up has reported jobs yet.")
    )
    attendance = (
        Figure(inputs.leadership_attendance, "%", ("Sessions attended ÷ sessions offered, cohorts that ended.",))
        if inputs.leadership_attendance is not None
        else missing("%", "no cohort with places ended in the period.")
    )
    t = inputs.targets
    return [
        Kpi(
            "engaged",
            "Companies engaged",
            _count(inputs.engaged, "companies", "companies with support or an assessment"),
            None,
        ),
        Kpi(
            "supported",
            "Companies supported",
            _count(inputs.supported, "companies", "companies meeting the programme's rule"),
            t.get("companies_supported"),
        ),
        Kpi(
            "assessed",
            "Companies assessed",
            _count(inputs.assessed, "companies", "companies with a submitted assessment"),
            None,
        ),
        Kpi(
            "roadmaps",
            "Companies with a roadmap",
            _count(inputs.with_roadmap, "companies", "companies with an agreed roadmap"),
            None,
        ),
        Kpi(
            "investing",
            "Companies investing",
            _count(inputs.investing, "companies", "companies with a grant paid"),
            t.get("companies_investing"),
        ),
        Kpi(
            "committed",
            "Grants committed",
            Figure(inputs.grants_committed, "£", ("Commitments less releases in the ledger.",)),
            None,
        ),
        Kpi("paid", "Grants paid", Figure(inputs.grants_paid, "£", ("Payments in the ledger.",)), None),
        Kpi("private", "Private investment", private, None),
        Kpi("jobs", "New jobs", jobs, t.get("jobs_created")),
        Kpi(
            "upskilled",
            "Roles upskilled",
            _count(inputs.upskilled, "roles", "roles recorded as upskilled"),
            t.get("roles_upskilled"),
        ),
        Kpi(
            "jobs_forecast",
            "New jobs forecast at approval",
            Figure(inputs.jobs_forecast, "FTE", ("Jobs each awarded grant expected, at its approval.",)),
            None,
        ),
        Kpi(
            "upskilled_forecast",
            "Roles upskilled forecast at approval",
            _count(inputs.upskilled_forecast, "roles", "roles the awarded grants expected to upskill"),
            None,
        ),
        Kpi(
            "internships",
            "Digital technology internships",
            _count(inputs.internships, "internships", "internships started"),
            None,
        ),
        Kpi(
            "internship_offers",
            "Internships ending in a job offer",
            _count(
                inputs.internship_job_offers,
                "internships",
                "internships started in the period that ended in a job offer",
            ),
            None,
        ),
        Kpi(
            "leaders",
            "Leaders on the leadership programme",
            _count(inputs.leaders_on_cohorts, "leaders", "places on cohorts that started"),
            None,
        ),
        Kpi(
            "leaders_completed",
            "Leaders completing the leadership programme",
            _count(inputs.leaders_completed, "leaders", "leaders who attended enough sessions of cohorts that ended"),
            None,
        ),
        Kpi("leadership_attendance", "Leadership programme attendance", attendance, None),
        Kpi("gva_gross", "GVA, gross", gross, None),
        Kpi("gva_net", "GVA, net additional", net, t.get("gva_gbp")),
        Kpi("co2e", "CO2e saved a year", carbon, t.get("co2e_tonnes")),
        Kpi("cost_per_job", "Grant per net job", cost_per_job, None),
        Kpi("leverage", "Private investment per £1 of grant", money.leverage, None),
        Kpi("gva_per_pound", "Net GVA per £1 of grant", money.net_gva_per_pound, None),
    ]


def suppressed(kpis: list[Kpi], companies: int) -> list[Kpi]:
    """For evaluators and the public: every figure hidden when fewer than five companies stand behind them."""
    if companies >= MINIMUM_SHOWN:
        return kpis
    reason = f"fewer than {MINIMUM_SHOWN} companies, so not shown."
    return [Kpi(k.key, k.title, missing(k.figure.unit, reason), k.target) for k in kpis]
