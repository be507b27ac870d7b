"""Scoring speed: `python bench/assessments.py [STORED]`.

Times scoring one assessment of each framework, then stores STORED (default 100,000) submitted
assessments in a fresh SQLite database and times `adopt rescore` twice: once when nothing changed, and
once after every stored score was spoiled, so every row must be written back.
"""

import os
import random
import sys
import tempfile
import time
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


def time_scoring(key: str, runs: int = 20_000) -> None:
    chosen = framework(key)
    rng = random.Random(1)
    answer_sets = [answers_at(chosen, rng.random(), rng) for _ in range(200)]
    started = time.perf_counter()
    for n in range(runs):
        score_assessment(chosen, answer_sets[n % 200])
    per = (time.perf_counter() - started) / runs
    print(f"score one {key:<26} {per * 1e6:8.1f} µs")


def main() -> None:
    stored = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"Machine: {os.cpu_count()} cores")
    time_scoring("eu-dma")
    time_scoring("manufacturing-diagnostic")
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=StringIO())
    companies = list(Company.objects.values_list("pk", flat=True))
    chosen = framework("eu-dma")
    rng = random.Random(2)
    Assessment.objects.all().delete()
    started = time.perf_counter()
    batch = []
    now = timezone.now()
    for n in range(stored):
        answers = answers_at(chosen, rng.random(), rng)
        row = Assessment(
            company_id=companies[n % len(companies)],
            framework_key=chosen.key,
            framework_version=chosen.version,
            status=Assessment.Status.SUBMITTED,
            answers=answers,
            submitted_at=now,
            **stored_scores(score_assessment(chosen, answers)),
        )
        batch.append(row)
        if len(batch) == 5000:
            Assessment.objects.bulk_create(batch)
            batch = []
    Assessment.objects.bulk_create(batch)
    print(f"stored {stored:,} assessments in {time.perf_counter() - started:.1f} s")
    for label in ("rescore, nothing changed", "rescore, every score spoiled"):
        if "spoiled" in label:
            Assessment.objects.update(overall_score=0)
        out = StringIO()
        started = time.perf_counter()
        call_command("rescore", stdout=out, stderr=StringIO())
        seconds = time.perf_counter() - started
        print(f"{label:<30} {seconds:6.1f} s  {stored / seconds:>9,.0f} per s  [{out.getvalue().strip()}]")


if __name__ == "__main__":
    main()
