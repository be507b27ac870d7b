"""Each stage's facts count every company of the chosen programmes on the day it first reached the stage: checked
against the milestones themselves, for one programme, several and all of them, on SQLite and on PostgreSQL."""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from adopt.companies.tests.factories import CompanyFactory
from adopt.impact.models import CompanyMilestones
from adopt.impact.selectors import STAGE_MEASURES, measure_facts, method_for
from adopt.programmes.models import Programme


def milestones_at_random(programmes: list[Programme], seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311  # reproducible made-up milestones
    start = datetime.date(2025, 4, 1)
    for _ in range(40):
        company = CompanyFactory(programme=rng.choice(programmes))
        days = {
            f"{stage}_on": start + datetime.timedelta(days=rng.randrange(30)) if rng.random() < 0.6 else None
            for stage in STAGE_MEASURES.values()
        }
        CompanyMilestones.objects.update_or_create(company_id=company.pk, defaults=days)


def expected(programmes: list[Programme]) -> dict[str, Counter[datetime.date]]:
    rows = CompanyMilestones.objects.filter(company__programme__in=programmes)
    return {
        key: Counter(day for day in rows.values_list(f"{stage}_on", flat=True) if day is not None)
        for key, stage in STAGE_MEASURES.items()
    }


def test_stage_facts_count_each_company_once_on_the_day_it_reached_the_stage(world):
    programmes = list(Programme.objects.order_by("pk"))
    milestones_at_random(programmes, seed=7)
    for chosen in ([world.programme], programmes[:2], programmes):
        facts = measure_facts(chosen, method_for(chosen), timezone.localdate())
        for key, counts in expected(chosen).items():
            got: Counter[datetime.date] = Counter()
            for fact in facts[key]:
                assert fact.company is None
                got[fact.on] += int(fact.amount)
            assert got == counts, (key, [p.slug for p in chosen])
            assert sum(fact.amount for fact in facts[key]) == Decimal(sum(counts.values()))
