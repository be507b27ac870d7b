"""The funder report's speed on the demo: `python bench/funder_report.py [PROGRAMME] [PERIOD]`.

Runs against the database the settings name (the demo's SQLite file after `make run`, or DATABASE_URL), loading
the demo first if it is empty, and prints, for the programme (default north-west) and period (default all):
the KPI report the dashboard and the API show, the PDF, and the workbook with rows per company, each the
median of 3 runs, with the rows and sizes behind them.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from adopt.impact.periods import parse_period  # noqa: E402
from adopt.impact.reports import funder_pdf, funder_report, funder_workbook  # noqa: E402
from adopt.impact.selectors import kpi_report  # noqa: E402
from adopt.programmes.models import Programme  # noqa: E402
from adopt.support.models import SupportEntry  # noqa: E402


def median_seconds(work: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    slug = sys.argv[1] if len(sys.argv) > 1 else "north-west"
    period = parse_period(sys.argv[2] if len(sys.argv) > 2 else "all")
    if not Programme.objects.exists():
        call_command("migrate", verbosity=0)
        call_command("demo", stdout=StringIO())
    programmes = [Programme.objects.get(slug=slug)]
    entries = SupportEntry.objects.filter(company__programme__in=programmes).count()
    print(f"{programmes[0].name}, {period.label}: {entries:,} support entries")
    seconds, _ = median_seconds(lambda: kpi_report(programmes, period, timezone.localdate(), hide_small_groups=False))
    print(f"KPI report (dashboard, API): {seconds * 1000:.0f} ms")
    report = funder_report(programmes, period, suppress_small=False)
    seconds, pdf = median_seconds(lambda: funder_pdf(funder_report(programmes, period, suppress_small=False)))
    print(f"Funder report PDF: {seconds:.2f} s, {len(pdf) / 1024:.0f} KB")
    seconds, book = median_seconds(lambda: funder_workbook(report, company_rows=True))
    print(f"Funder workbook with rows per company: {seconds:.2f} s, {len(book) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
