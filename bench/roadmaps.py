"""Roadmap planning speed and quality: `python bench/roadmaps.py [COMPANIES] [REPLAN]`.

1. Plans COMPANIES (default 1,000) synthetic companies (levels, size, objectives, budgets and pins drawn from a
   fixed seed) with the full catalogue and prints the plan time's median, 90th percentile and maximum.
2. On the same companies, runs the greedy baseline (best value for money first) beside the optimiser and
   prints how often, and by how much, the optimiser's plan is worth more, and checks that neither ever
   breaks a prerequisite, a minimum level, a budget, the grant headroom or the projects-per-phase limit.
3. Loads the demo into a fresh SQLite database and times the business owner's PDF for 20 of its roadmaps.
4. Gives REPLAN (default 10,000) companies a roadmap and times
   `adopt replan` over them: the first run stores a version for each, the second finds nothing changed.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
workdir = Path(tempfile.mkdtemp(prefix="adopt-bench-"))
os.environ.update({"DEBUG": "true", "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from adopt.assessments.frameworks import framework  # noqa: E402
from adopt.assessments.models import Assessment  # noqa: E402
from adopt.assessments.samples import answers_at  # noqa: E402
from adopt.assessments.scoring import score_assessment  # noqa: E402
from adopt.assessments.services import stored_scores  # noqa: E402
from adopt.companies.models import Company  # noqa: E402
from adopt.programmes.models import Programme  # noqa: E402
from adopt.roadmaps.catalogue import catalogue, planning_rules  # noqa: E402
from adopt.roadmaps.models import Roadmap  # noqa: E402
from adopt.roadmaps.optimiser import broken_rules, greedy, optimise  # noqa: E402
from adopt.roadmaps.outcomes import CompanyFacts  # noqa: E402
from adopt.roadmaps.pdf import roadmap_pdf  # noqa: E402
from adopt.roadmaps.planner import plan_roadmap, planning_problem  # noqa: E402
from adopt.roadmaps.plans import FundingTerms, PlanningInputs  # noqa: E402
from adopt.roadmaps.selectors import latest_version, roadmap_document  # noqa: E402
from adopt.roadmaps.services import programme_roadmaps_replan  # noqa: E402

TITLES = {d.key: d.title for d in framework("manufacturing-diagnostic").dimensions}
GRANT = FundingTerms("Technology grant", Decimal("0.5"), Decimal("20000"), Decimal("200000"))


def synthetic_companies(count: int) -> list[PlanningInputs]:
    rng = random.Random(5)
    objectives = [o.key for o in planning_rules().objectives]
    keys = [item.key for item in catalogue().technologies]
    companies = []
    for _ in range(count):
        base = rng.uniform(0.3, 3.5)
        first = Decimal(rng.choice([8000, 15000, 25000, 40000, 60000, 100000]))
        companies.append(
            PlanningInputs(
                levels={key: max(0.0, min(5.0, round(rng.gauss(base, 0.8)))) for key in TITLES},
                levels_source="bench",
                sic_code=rng.choice(["25620", "22290", "10890", "28990", "20590", "26110"]),
                size_band=rng.choice(["micro", "small", "small", "medium"]),
                budgets=(first, first * 2, first * 3),
                objectives=tuple(rng.sample(objectives, rng.randint(0, 3))),
                exclusions=frozenset(rng.sample(keys, rng.choice([0, 0, 1, 2]))),
                funding=GRANT,
            )
        )
    return companies


def plan_speed_and_quality(count: int) -> None:
    chosen, planning = catalogue(), planning_rules()
    facts = CompanyFacts(30, "TLD", 300_000, 200_000)
    companies = synthetic_companies(count)
    times = []
    for inputs in companies:
        started = time.perf_counter()
        plan_roadmap(inputs, chosen, planning, facts, TITLES)
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"Plan (full catalogue, {len(chosen.technologies)} technologies, {count:,} companies):")
    print(
        f"  median {statistics.median(times) * 1000:.1f} ms, 90th percentile {times[int(count * 0.9)] * 1000:.1f} ms, "
        f"max {times[-1] * 1000:.1f} ms"
    )
    better, equal, worse, gains, broken, greedy_seconds, optimal = 0, 0, 0, [], 0, [], 0
    for inputs in companies:
        problem = planning_problem(inputs, chosen, planning, TITLES)
        best = optimise(problem)
        optimal += best.method == "optimal"
        started = time.perf_counter()
        baseline = greedy(problem)
        greedy_seconds.append(time.perf_counter() - started)
        broken += bool(broken_rules(problem, best.assignment)) + bool(broken_rules(problem, baseline.assignment))
        if best.value > baseline.value + 1e-6:
            better += 1
            gains.append((best.value - baseline.value) / max(baseline.value, 1e-9) * 100)
        elif best.value < baseline.value - 1e-6:
            worse += 1
        else:
            equal += 1
    print(f"Optimiser against the greedy baseline (best value for money first), same {count:,} companies:")
    print(f"  optimiser better for {better:,} ({better / count:.0%}), equal for {equal:,}, worse for {worse:,}")
    if gains:
        print(
            f"  where better: by {statistics.mean(gains):.1f}% on average, median {statistics.median(gains):.1f}%, "
            f"at most {max(gains):.1f}% (priority-weighted benefit)"
        )
    print(f"  proven optimal within the 1% gap: {optimal:,} of {count:,}")
    print(f"  greedy median {statistics.median(greedy_seconds) * 1000:.1f} ms")
    print(f"  plans breaking a prerequisite, minimum level, budget, grant or capacity rule: {broken}")


def pdf_speed(samples: int = 20) -> None:
    """Render the business owner's PDF for demo roadmaps (the demo must be loaded)."""
    times = []
    sizes = []
    for roadmap in Roadmap.objects.select_related("company__programme", "company__adviser")[:samples]:
        version = latest_version(roadmap)
        if version is None:
            continue
        started = time.perf_counter()
        pdf = roadmap_pdf({"document": roadmap_document(roadmap, version)})
        times.append(time.perf_counter() - started)
        sizes.append(len(pdf))
    print(f"Roadmap PDF ({len(times)} demo roadmaps, 5 A4 pages each):")
    print(
        f"  median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
        f"median size {statistics.median(sizes) / 1024:.0f} KB"
    )


def replan_at_scale(count: int) -> None:
    programme = Programme.objects.get(slug="north-west")
    diagnostic = framework("manufacturing-diagnostic")
    rng = random.Random(7)
    Roadmap.objects.all().delete()
    companies = list(Company.objects.filter(programme=programme).values_list("pk", flat=True))
    existing = len(companies)
    # The demo has 2,500 North West companies; copies of them make up the rest.
    template = Company.objects.filter(programme=programme).first()
    extra = []
    for n in range(max(count - existing, 0)):
        copy = Company(
            name=f"Bench Company {n}",
            programme=programme,
            staff_headcount=rng.randint(5, 240),
            primary_sic=template.primary_sic,
            sic_codes=template.sic_codes,
            region=template.region,
        )
        extra.append(copy)
    Company.objects.bulk_create(extra, batch_size=2000)
    companies = list(Company.objects.filter(programme=programme).values_list("pk", flat=True))[:count]
    now = timezone.now()
    assessments = []
    for company_id in companies:
        answers = answers_at(diagnostic, rng.uniform(0.1, 0.7), rng)
        scores = stored_scores(score_assessment(diagnostic, answers))
        assessments.append(
            Assessment(
                company_id=company_id,
                framework_key=diagnostic.key,
                framework_version=diagnostic.version,
                status=Assessment.Status.SUBMITTED,
                submitted_at=now,
                answers=answers,
                **scores,
            )
        )
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    objectives = [o.key for o in planning_rules().objectives]
    Roadmap.objects.bulk_create(
        [
            Roadmap(
                company_id=company_id,
                objectives=rng.sample(objectives, 2),
                budget_now=Decimal(rng.choice([10000, 25000, 50000])),
                budget_next=Decimal(50000),
                budget_later=Decimal(90000),
            )
            for company_id in companies
        ],
        batch_size=2000,
    )
    workers = os.cpu_count() or 1
    print(f"Re-plan {len(companies):,} companies ({workers} worker processes, SQLite):")
    for run in ("first run", "second run"):
        summary = programme_roadmaps_replan(programme.pk, workers=workers)
        print(f"  {run}: " + "\n    ".join(summary.lines()))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    replan = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    print(f"Machine: {os.cpu_count()} cores")
    if count:
        plan_speed_and_quality(count)
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=StringIO())
    pdf_speed()
    if replan:
        replan_at_scale(replan)


if __name__ == "__main__":
    main()
