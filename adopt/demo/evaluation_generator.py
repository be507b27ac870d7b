"""Demo outcome panels, as an evaluator would bring them back from the ONS business register: employees a year
for every demo company, supported or not, made by the evaluation's own outcome model with a planted effect of
support, so the evaluation page shows estimates that can be checked against the truth the demo planted."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from adopt.companies.models import Company
from adopt.evaluation.models import OutcomeObservation
from adopt.evaluation.services import baselines_capture
from adopt.evaluation.simulation import outcomes_for
from adopt.impact.models import CompanyMilestones
from adopt.programmes.models import Programme


@transaction.atomic
def generate_demo_outcomes(settings: dict[str, Any]) -> int:
    """Take every demo company's baseline as of its programme's start, then its outcomes; returns the rows made."""
    if OutcomeObservation.objects.exists():
        return 0
    for programme in Programme.objects.all():
        baselines_capture(Company.objects.filter(programme=programme), today=programme.starts_on)
    supported = {
        company_id: day
        for company_id, day in CompanyMilestones.objects.values_list("company_id", "supported_on")
        if day is not None
    }
    firms = {
        company_id: (
            float(staff or settings["staff_if_unknown"]),
            supported[company_id].year if company_id in supported else None,
        )
        for company_id, staff in Company.objects.values_list("pk", "baseline__staff_headcount")
    }
    rows = outcomes_for(
        firms,
        years=range(settings["first_year"], settings["last_year"] + 1),
        effect=settings["effect"],
        seed=settings["seed"],
    )
    OutcomeObservation.objects.bulk_create(
        (
            OutcomeObservation(
                company_id=row.firm,
                year=row.year,
                employees=Decimal(str(round(row.value, 1))),
                source=settings["source"],
            )
            for row in rows
        ),
        batch_size=5000,
    )
    return len(rows)
