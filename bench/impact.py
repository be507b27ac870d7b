"""Impact at national scale: `python bench/impact.py [COMPANIES] [SUPPORT_ENTRIES] [--reuse]` (PostgreSQL).

Creates the database `adopt_bench` on the local PostgreSQL (DATABASE_URL's server, default
postgres://postgres@127.0.0.1:5432), loads the demo, grows it to COMPANIES companies (default 100,000) and
SUPPORT_ENTRIES support entries (default 1,000,000), then prints:
- how long working out every company's milestones takes;
- the national KPI dashboard (every programme, all time), rendered as a national administrator: median of 5;
- the funder report PDF for the North West programme;
- 10,000 simulator draws.

With --reuse, a database left by an earlier run is migrated and kept rather than made again.
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REUSE = "--reuse" in sys.argv
ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = 'adopt_bench'").fetchone()
    if not (REUSE and exists):
        admin.execute("DROP DATABASE IF EXISTS adopt_bench")
        admin.execute("CREATE DATABASE adopt_bench")
os.environ.update({"DEBUG": "true", "DATABASE_URL": f"{SERVER}/adopt_bench", "ALLOWED_HOSTS": "testserver"})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402

from adopt.accounts.models import User  # noqa: E402
from adopt.companies.models import Company  # noqa: E402
from adopt.impact.periods import financial_year  # noqa: E402
from adopt.impact.reports import funder_pdf, funder_report  # noqa: E402
from adopt.impact.services import refresh_milestones  # noqa: E402
from adopt.impact.simulator import default_assumptions, simulate  # noqa: E402
from adopt.programmes.models import Programme  # noqa: E402
from adopt.support.models import SupportEntry  # noqa: E402


def grow(companies: int, entries: int) -> None:
    rng = random.Random(11)
    programmes = list(Programme.objects.all())
    template = Company.objects.first()
    assert template is not None
    started = time.perf_counter()
    batch = []
    for n in range(max(companies - Company.objects.count(), 0)):
        programme = programmes[n % len(programmes)]
        batch.append(
            Company(
                name=f"Bench {n}", programme=programme, staff_headcount=rng.randint(5, 240), region=programme.region
            )
        )
        if len(batch) == 20_000:
            Company.objects.bulk_create(batch)
            batch = []
    Company.objects.bulk_create(batch)
    ids = list(Company.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    kinds = [kind for kind, _ in SupportEntry.Kind.choices]
    made = SupportEntry.objects.count()
    rows = []
    for _ in range(max(entries - made, 0)):
        rows.append(
            SupportEntry(
                company_id=rng.choice(ids),
                kind=rng.choice(kinds),
                delivered_on=today - datetime.timedelta(days=rng.randint(0, 900)),
                hours=Decimal(rng.choice([1, 2, 3, 4, 6])),
            )
        )
        if len(rows) == 20_000:
            SupportEntry.objects.bulk_create(rows)
            rows = []
    SupportEntry.objects.bulk_create(rows)
    print(
        f"Data: {Company.objects.count():,} companies, {SupportEntry.objects.count():,} support entries "
        f"(made in {time.perf_counter() - started:.0f} s)"
    )


def main() -> None:
    companies = int(ARGS[0]) if ARGS else 100_000
    entries = int(ARGS[1]) if len(ARGS) > 1 else 1_000_000
    print(f"Machine: {os.cpu_count()} cores, PostgreSQL")
    call_command("migrate", verbosity=0)
    if not Company.objects.exists():
        call_command("demo", stdout=StringIO())
    grow(companies, entries)
    started = time.perf_counter()
    refreshed = refresh_milestones()  # the rows above were made in bulk, which sends no signals
    print(f"Milestones of {refreshed:,} companies worked out in {time.perf_counter() - started:.1f} s")
    call_command("shell", command="from django.db import connection; connection.cursor().execute('ANALYZE')")
    setup_test_environment()  # so the page's context can be read back
    client = Client()
    admin = User.objects.get(email="admin@adopt.example")
    client.force_login(admin)
    # Staff sign in with a second factor too: mark this session as having given it.
    device, _ = StaticDevice.objects.get_or_create(user=admin, name="Bench second factor", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def median_ms(url: str, query: dict[str, str]) -> tuple[float, float, Any]:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url, query)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        return statistics.median(times) * 1000, max(times) * 1000, response

    median, worst, response = median_ms(reverse("impact:kpis"), {})
    kpis = {kpi.key: kpi.figure.value for kpi in response.context["kpis"]}
    print(
        f"National KPI dashboard (all programmes, all time, with quarterly charts): median {median:.0f} ms, "
        f"max {worst:.0f} ms; {kpis['engaged']:,} companies engaged, {kpis['supported']:,} supported"
    )
    region = Programme.objects.get(slug="north-west").region.code
    median, worst, _ = median_ms(reverse("impact:kpis"), {"region": region, "period": "2026-27"})
    print(f"Region KPI dashboard (North West, 2026-27): median {median:.0f} ms, max {worst:.0f} ms")
    median, worst, _ = median_ms("/api/impact/kpis", {})
    print(f"KPI API (all programmes, all time): median {median:.0f} ms, max {worst:.0f} ms")
    started = time.perf_counter()
    report = funder_report([Programme.objects.get(slug="north-west")], financial_year("all"))
    pdf = funder_pdf(report)
    print(f"Funder report PDF (North West): {time.perf_counter() - started:.2f} s, {len(pdf) / 1024:.0f} KB")
    started = time.perf_counter()
    simulate(6_100_000, default_assumptions(), draws=10_000)
    print(f"Simulator, 10,000 draws: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
