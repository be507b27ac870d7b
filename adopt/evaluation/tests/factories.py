import datetime
import math
from decimal import Decimal

from adopt.companies.models import Company
from adopt.evaluation.models import CompanyBaseline, OutcomeObservation
from adopt.evaluation.simulation import SECTORS, Simulation, simulated_panel
from adopt.impact.models import CompanyMilestones
from adopt.programmes.models import Programme

SECTOR_SIC = dict(zip(SECTORS, ("10710", "24100", "28290", "26110", "22290"), strict=True))


def companies_with_outcomes(programme: Programme, simulation: Simulation) -> dict[int, int]:
    """The simulation's firms as companies of the programme, with baselines, support dates and outcomes, written
    directly as a bulk load would. Returns firm → company id."""
    panel = simulated_panel(simulation)
    companies = {}
    for firm in panel.firms:
        sector = next(name for name in SECTORS if firm.covariates[f"sector_{name}"])
        staff = max(1, round(math.exp(firm.covariates["log_staff"])))
        company = Company.objects.create(
            name=f"Simulated firm {firm.id} Ltd",
            companies_house_number=f"{70000000 + firm.id:08d}",
            programme=programme,
            sic_codes=[SECTOR_SIC[sector]],
            staff_headcount=staff,
            incorporated_on=datetime.date(2025, 1, 1)
            - datetime.timedelta(days=round(firm.covariates["age_years"] * 365)),
        )
        companies[firm.id] = company.pk
        started = datetime.date(firm.treated_year, 6, 1) if firm.treated_year else None
        CompanyMilestones.objects.update_or_create(
            company=company, defaults={"engaged_on": started, "supported_on": started, "assessed_on": started}
        )
        CompanyBaseline.objects.create(
            company=company,
            captured_on=datetime.date(simulation.first_year, 1, 1),
            staff_headcount=staff,
            primary_sic=SECTOR_SIC[sector],
            incorporated_on=company.incorporated_on,
        )
    OutcomeObservation.objects.bulk_create(
        OutcomeObservation(
            company_id=companies[row.firm],
            year=row.year,
            employees=Decimal(str(round(row.value, 1))),
            source="Simulated",
        )
        for row in panel.observations
    )
    return companies
