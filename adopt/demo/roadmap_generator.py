"""Demo roadmaps: a share of the companies with a diagnostic (and every demo member's company) get objectives,
budgets and a plan, some with items under way or done and the plan agreed."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db.models import Min
from django.utils import timezone

from adopt.assessments.models import Assessment
from adopt.companies.models import Company, CompanyMembership
from adopt.roadmaps.catalogue import planning_rules
from adopt.roadmaps.models import Roadmap
from adopt.roadmaps.services import programme_roadmaps_replan


def generate_demo_roadmaps(settings: dict[str, Any], workers: int = 2) -> int:
    """Create the demo roadmaps once, then plan them; returns how many were created."""
    rng = random.Random(settings["seed"])  # noqa: S311 - reproducible demo data, not security
    objectives = [objective.key for objective in planning_rules().objectives]
    diagnosed = set(
        Assessment.objects.filter(
            framework_key="manufacturing-diagnostic", status=Assessment.Status.SUBMITTED
        ).values_list("company_id", flat=True)
    )
    members = set(CompanyMembership.objects.values_list("company_id", flat=True))
    assessed = set(Assessment.objects.filter(status=Assessment.Status.SUBMITTED).values_list("company_id", flat=True))
    existing = set(Roadmap.objects.values_list("company_id", flat=True))
    new = []
    companies = Company.objects.order_by("companies_house_number").values_list("pk", "staff_headcount")
    for company_id, staff in companies:
        # Every draw is made for every company, so what is chosen does not depend on what already exists.
        draw = rng.random()
        chosen_objectives = rng.sample(objectives, rng.randint(1, 3))
        first_budget = rng.choice(settings["first_phase_budgets"])
        next_factor, later_factor = rng.choice([1.5, 2, 2.5]), rng.choice([2, 3, 4])
        electricity, gas = rng.randint(4000, 12000), rng.randint(2000, 9000)
        has_electricity, has_gas = rng.random() < 0.6, rng.random() < 0.4
        chosen = (company_id in diagnosed and draw < settings["share_of_diagnosed"]) or (
            company_id in members and company_id in assessed
        )
        if not chosen or company_id in existing:
            continue
        scale = Decimal(max(min((staff or 10) / 20, 4), 0.5))
        first = Decimal(first_budget) * scale
        new.append(
            Roadmap(
                company_id=company_id,
                objectives=chosen_objectives,
                budget_now=first.quantize(Decimal(1000)),
                budget_next=(first * Decimal(next_factor)).quantize(Decimal(1000)),
                budget_later=(first * Decimal(later_factor)).quantize(Decimal(1000)),
                electricity_kwh=(staff or 10) * electricity if has_electricity else None,
                gas_kwh=(staff or 10) * gas if has_gas else None,
            )
        )
    Roadmap.objects.bulk_create(new, batch_size=500)
    programme_ids = set(
        Roadmap.objects.filter(company_id__in=[r.company_id for r in new]).values_list(
            "company__programme_id", flat=True
        )
    )
    for programme_id in sorted(programme_ids):
        programme_roadmaps_replan(programme_id, workers=workers)
    _move_along(new, settings, rng)
    return len(new)


def _move_along(created: list[Roadmap], settings: dict[str, Any], rng: random.Random) -> None:
    """Some companies agreed their plan and have started, or finished, the first items."""
    roadmaps = Roadmap.objects.filter(company_id__in=[r.company_id for r in created]).prefetch_related("versions")
    now = timezone.now()
    # A roadmap is agreed some weeks after the company's first assessment, as a programme runs.
    first_assessed = dict(
        Assessment.objects.filter(company_id__in=[r.company_id for r in created], status=Assessment.Status.SUBMITTED)
        .values("company_id")
        .annotate(first=Min("submitted_at"))
        .values_list("company_id", "first")
    )
    changed = []
    for roadmap in roadmaps:
        version = max(roadmap.versions.all(), key=lambda v: v.number, default=None)
        if version is None or not version.items or rng.random() >= settings["agreed_share"]:
            continue
        roadmap.agreed_version = version
        assessed = first_assessed.get(roadmap.company_id) or now
        roadmap.agreed_at = min(assessed + datetime.timedelta(days=rng.randint(30, 150)), now)
        first = [item["key"] for item in version.plan["items"] if item["phase"] == 0]
        for key in first:
            roadmap.item_status[key] = rng.choice(["in_progress", "in_progress", "done"])
        changed.append(roadmap)
    Roadmap.objects.bulk_update(changed, ["agreed_version", "agreed_at", "item_status"], batch_size=500)
