"""Demo assessments: baselines for most demo companies, adviser diagnostics for some, repeats showing progress."""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from adopt.assessments.frameworks import framework
from adopt.assessments.models import Assessment
from adopt.assessments.samples import answers_at
from adopt.assessments.scoring import score_assessment
from adopt.assessments.services import stored_scores
from adopt.companies.models import Company

DIMENSION_LEANS = (0.15, -0.2, 0.05, -0.1, 0.25, -0.15, 0.0, 0.1, -0.25, 0.2, -0.05, 0.08, -0.12, 0.18, -0.3, 0.12)


@transaction.atomic
def generate_demo_assessments(settings: dict[str, Any]) -> int:
    """Create the demo assessments once: companies that already have any are left as they are."""
    rng = random.Random(settings["seed"])  # noqa: S311 - reproducible demo data, not security
    self_assessment = framework("eu-dma")
    diagnostic = framework("manufacturing-diagnostic")
    already = set(Assessment.objects.values_list("company_id", flat=True).distinct())
    now = timezone.now()
    created: list[Assessment] = []
    companies = Company.objects.filter(companies_house_number__isnull=False).order_by("companies_house_number")
    for company_id, staff in companies.values_list("pk", "staff_headcount"):
        # Draw for every company so the sequence does not depend on which ones already exist.
        size_lift = min((staff or 1) / 250, 1.0) * 0.25
        maturity = min(max(rng.gauss(0.32 + size_lift, 0.14), 0.02), 0.95)
        takes_self = rng.random() < settings["self_assessment_share"]
        takes_diagnostic = rng.random() < settings["diagnostic_share"]
        repeats = rng.random() < settings["repeat_share"]
        first_days = rng.randint(40, 700)
        seed = rng.random()
        if company_id in already:
            continue
        sample = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
        baseline_at = now - datetime.timedelta(days=first_days)
        if takes_self:
            created.append(_submitted(company_id, self_assessment, maturity, baseline_at, sample))
            later = baseline_at + datetime.timedelta(days=sample.randint(150, 190))
            if repeats and later < now:
                gain = sample.uniform(0.05, 0.2)
                created.append(_submitted(company_id, self_assessment, min(maturity + gain, 1.0), later, sample))
        if takes_diagnostic:
            visit = min(baseline_at + datetime.timedelta(days=sample.randint(10, 40)), now)
            created.append(_submitted(company_id, diagnostic, maturity, visit, sample))
    Assessment.objects.bulk_create(created, batch_size=1000)
    return len(created)


def _submitted(company_id: int, chosen: Any, level: float, at: datetime.datetime, rng: random.Random) -> Assessment:
    # Manufacturers differ by dimension: the programme's spread should show where they are strong and weak.
    leans = {
        d.key: DIMENSION_LEANS[i % len(DIMENSION_LEANS)] + rng.uniform(-0.1, 0.1)
        for i, d in enumerate(chosen.dimensions)
    }
    answers = answers_at(chosen, level, rng, leans)
    assessment = Assessment(
        company_id=company_id,
        framework_key=chosen.key,
        framework_version=chosen.version,
        status=Assessment.Status.SUBMITTED,
        answers=answers,
        submitted_at=at,
    )
    for field, value in stored_scores(score_assessment(chosen, answers)).items():
        setattr(assessment, field, value)
    return assessment
