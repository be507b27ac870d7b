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

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.world import prepare_world

ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
prepare_world(
    "adopt_bench",
    int(ARGS[0]) if ARGS else 100_000,
    int(ARGS[1]) if len(ARGS) > 1 else 1_000_000,
    reuse="--reuse" in sys.argv,
)

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402

from adopt.accounts.models import User  # noqa: E402
from adopt.impact.periods import financial_year  # noqa: E402
from adopt.impact.reports import funder_pdf, funder_report  # noqa: E402
from adopt.impact.simulator import default_assumptions, simulate  # noqa: E402
from adopt.programmes.models import Programme  # noqa: E402


def main() -> None:
    print(f"Machine: {os.cpu_count()} cores, PostgreSQL")
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
