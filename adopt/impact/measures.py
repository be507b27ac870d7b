"""The measures register: every figure Adopt reports, defined once: what counts, which facts, the date that puts a
fact in a period, unit, rounding, target and written definition. `arithmetic` turns a measure's facts into figures.

A measure's facts are dated amounts, each with the company behind it. Every figure is a difference of totals
to a day, rounded once: what a quarter added is the total to its last day less the total to the day before it
began, so the quarters of any period add up to the period exactly, and two adjoining periods add up to their
union. Companies are counted once, on the day they first reached a stage, so a company supported in two quarters
counts in the first of them only.

Small groups: a figure with between 1 and 4 companies behind it is hidden from evaluators, and so is any figure
that would let it be worked out again (the other quarters and the period's figure; totals to date either side).
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

MINIMUM_SHOWN = 5


class Basis(StrEnum):
    FIRST_REACHED = "first reached"  # each company once, on the day it first reached a stage
    DATED = "dated"  # amounts on the day they happened, summed
    RESTATED = "restated"  # each grant's latest report counts; a later report adds only its change
    SCALED = "scaled"  # another measure's facts × a fixed factor


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str
    basis: Basis
    counts: str  # what counts, in a sentence
    dated_by: str  # the date that places a fact in a period
    places: int = 0
    target: str | None = None  # the programme target's metric
    scales: str | None = None  # the measure a scaled one multiplies
    shown: bool = True  # False for the parts of a ratio nobody reports on their own

    @property
    def definition(self) -> str:
        return f"{self.counts} Dated by {self.dated_by}."

    @property
    def counts_companies(self) -> bool:
        return self.unit == "companies"


@dataclass(frozen=True)
class Ratio:
    key: str
    title: str
    unit: str
    numerator: str
    denominator: str
    counts: str
    places: int = 2
    times: Decimal = Decimal(1)

    @property
    def definition(self) -> str:
        return self.counts


FOLLOW_UP_DATE = "the day the follow-up was reported"

REGISTER: tuple[Measure, ...] = (
    Measure(
        "engaged",
        "Companies engaged",
        "companies",
        Basis.FIRST_REACHED,
        "Companies with any contact: support of any kind, an assessment submitted, a roadmap agreed or a grant paid.",
        "the first of those",
    ),
    Measure(
        "assessed",
        "Companies assessed",
        "companies",
        Basis.FIRST_REACHED,
        "Companies that submitted a digital readiness assessment.",
        "the first submission",
    ),
    Measure(
        "supported",
        "Companies supported",
        "companies",
        Basis.FIRST_REACHED,
        "Companies that met their programme's rule (its minimum hours of support, or a roadmap agreed where the "
        "rule counts one), or were paid a grant.",
        "the day the rule was first met or the first payment, whichever came first",
        target="companies_supported",
    ),
    Measure(
        "roadmaps",
        "Companies with a roadmap",
        "companies",
        Basis.FIRST_REACHED,
        "Companies that agreed a digital roadmap with their adviser.",
        "the day it was agreed",
    ),
    Measure(
        "investing",
        "Companies investing",
        "companies",
        Basis.FIRST_REACHED,
        "Companies paid a technology adoption grant (each is also supported and engaged).",
        "the first payment",
        target="companies_investing",
    ),
    Measure(
        "committed",
        "Grants committed",
        "£",
        Basis.DATED,
        "Grant committed at approval, less what was released when an award was withdrawn or closed under spent.",
        "the day of each commitment or release",
        places=2,
    ),
    Measure(
        "paid",
        "Grants paid",
        "£",
        Basis.DATED,
        "Grant payments made against approved claims.",
        "the day of payment",
        places=2,
    ),
    Measure(
        "private",
        "Private investment reported",
        "£",
        Basis.RESTATED,
        "Investment in plant, IT and training each funded company reported at its latest follow-up (6, 12 or "
        "24 months after payment).",
        FOLLOW_UP_DATE,
        places=2,
    ),
    Measure(
        "jobs",
        "New jobs",
        "FTE",
        Basis.RESTATED,
        "New jobs (full-time equivalent) each funded company reported at its latest follow-up.",
        FOLLOW_UP_DATE,
        places=1,
        target="jobs_created",
    ),
    Measure(
        "jobs_net",
        "New jobs, net additional",
        "FTE",
        Basis.SCALED,
        "New jobs × the additionality factor (what would not have happened without the programme).",
        FOLLOW_UP_DATE,
        places=1,
        scales="jobs",
    ),
    Measure(
        "upskilled",
        "Roles upskilled",
        "roles",
        Basis.DATED,
        "Existing roles recorded as upskilled by the programme's training.",
        "the day the training was completed",
        target="roles_upskilled",
    ),
    Measure(
        "jobs_forecast",
        "New jobs forecast at approval",
        "FTE",
        Basis.DATED,
        "New jobs each awarded grant expected, as stated at its approval.",
        "the day of the award decision",
        places=1,
    ),
    Measure(
        "upskilled_forecast",
        "Roles upskilled forecast at approval",
        "roles",
        Basis.DATED,
        "Roles each awarded grant expected to upskill, as stated at its approval.",
        "the day of the award decision",
    ),
    Measure(
        "internships",
        "Digital technology internships",
        "internships",
        Basis.DATED,
        "Internships started.",
        "the day the internship started",
    ),
    Measure(
        "internship_offers",
        "Internships ending in a job offer",
        "internships",
        Basis.DATED,
        "Internships that ended in a job offer.",
        "the day the internship started",
    ),
    Measure(
        "leaders",
        "Leaders on the leadership programme",
        "leaders",
        Basis.DATED,
        "Places taken on leadership cohorts.",
        "the day the cohort started",
    ),
    Measure(
        "leaders_completed",
        "Leaders completing the leadership programme",
        "leaders",
        Basis.DATED,
        "Leaders who attended at least the sessions their cohort requires, on cohorts that have ended.",
        "the day the cohort ended",
    ),
    Measure(
        "sessions_attended",
        "Leadership sessions attended",
        "sessions",
        Basis.DATED,
        "Sessions attended by each place on cohorts that have ended.",
        "the day the cohort ended",
        shown=False,
    ),
    Measure(
        "sessions_offered",
        "Leadership sessions offered",
        "sessions",
        Basis.DATED,
        "Sessions each place was offered on cohorts that have ended.",
        "the day the cohort ended",
        shown=False,
    ),
    Measure(
        "gva_gross",
        "GVA, gross",
        "£",
        Basis.SCALED,
        "New jobs × GVA per filled job in manufacturing (ONS) × the years a job lasts, fading and discounted "
        "(present value).",
        FOLLOW_UP_DATE,
        scales="jobs",
    ),
    Measure(
        "gva_net",
        "GVA, net additional",
        "£",
        Basis.SCALED,
        "Gross GVA × the additionality factor (deadweight, leakage, displacement, substitution, multiplier).",
        FOLLOW_UP_DATE,
        target="gva_gbp",
        scales="gva_gross",
    ),
    Measure(
        "co2e",
        "CO2e saved a year",
        "tCO2e a year",
        Basis.RESTATED,
        "Electricity and gas saved a year, each funded company's latest follow-up, × the UK Government's "
        "conversion factors (kgCO2e per kWh), in tonnes.",
        FOLLOW_UP_DATE,
        places=2,
        target="co2e_tonnes",
    ),
)

RATIOS: tuple[Ratio, ...] = (
    Ratio(
        "leadership_attendance",
        "Leadership programme attendance",
        "%",
        "sessions_attended",
        "sessions_offered",
        "Sessions attended ÷ sessions offered, on cohorts that ended in the period.",
        places=1,
        times=Decimal(100),
    ),
    Ratio(
        "cost_per_job",
        "Grant per net job",
        "£ per job",
        "paid",
        "jobs_net",
        "Grants paid in the period ÷ net additional jobs reported in the period.",
    ),
    Ratio(
        "leverage",
        "Private investment per £1 of grant",
        "£ per £1",
        "private",
        "paid",
        "Private investment reported in the period ÷ grants paid in the period.",
    ),
    Ratio(
        "gva_per_pound",
        "Net GVA per £1 of grant",
        "£ per £1",
        "gva_net",
        "paid",
        "Net additional GVA of the period ÷ grants paid in the period.",
    ),
)

MEASURES = {measure.key: measure for measure in REGISTER}
