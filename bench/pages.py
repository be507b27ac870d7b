"""What each page costs at national scale, over HTTP: `python bench/pages.py [COMPANIES] [ENTRIES] [--reuse] [--check]`.

Grows the bench world (`bench/world.py`, database `adopt_bench`, 100,000 companies and 1,000,000 support entries by
default; `--database=NAME` for another), serves it with gunicorn (3 workers, DEBUG off) on 127.0.0.1, and for each
page and role times GETs one at a time after warm-up: median of 7. Each page's median is set beside the sign-in
page's, measured in the same run, and its bound: lists and details within 5x, dashboards within 10x. The KPI API is
set beside a hand-written SQL aggregate of the same figures (within 2x). Each page's queries are counted in-process.

The table flags pages over their goal. With --check, exits 1 when any page breaks its guard (lists 40x, dashboards
and the caseload by stage, which works out every company's stage, 80x, the evaluation 250x, the KPI API 20x its SQL) or runs more than 50 queries: what a page costing the national
total, or a query per row, would do. A page over its guard is measured twice more before it counts, so one noisy
moment on a busy machine does not fail the run. `.ci/run` runs it at 20,000 companies.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.world import REPO, database_url, prepare_world

ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
FLAGS = [arg for arg in sys.argv[1:] if arg.startswith("--")]
DATABASE = next((flag.split("=", 1)[1] for flag in FLAGS if flag.startswith("--database=")), "adopt_bench")
PORT = 8781
BASE = f"http://127.0.0.1:{PORT}"
TIMED, WARM_UP = 7, 3
# Goals: lists and details within 5x the sign-in page, dashboards within 10x. Guards (what --check enforces): the
# ratio past which a page has regressed to costing what the national total costs, as the caseload once did (5,000x).
LIST, DASHBOARD = 5, 10
GUARD = {LIST: 40, DASHBOARD: 80}
SLOW_GUARD = 250  # the evaluation's funder indicators read every support entry of the programme
QUERY_BOUND = 50
API_GUARD = 20
# Sessions made in this process are read by gunicorn's: both sign with the same key.
SECRET_KEY = "bench-only-secret-key-not-for-production-use-0123456789"


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    bound: int  # the goal, in times the sign-in page's median
    national_only: bool = False
    reads_all: bool = False  # works out something for every company it may show, by design

    @property
    def guard(self) -> int:
        if self.label == "evaluation":
            return SLOW_GUARD
        return GUARD[DASHBOARD] if self.reads_all else GUARD[self.bound]


@dataclass
class Measure:
    page: Page
    role: str
    median_ms: float
    kilobytes: float
    queries: int

    def ratio(self, baseline_ms: float) -> float:
        return self.median_ms / baseline_ms


def pages(company_pk: int, programme_slug: str) -> list[Page]:
    return [
        Page("caseload", "/caseload/", LIST),
        Page("caseload by stage", "/caseload/?sort=stage", LIST, reads_all=True),
        Page("caseload, one stage", "/caseload/?stage=Assessed", LIST, reads_all=True),
        Page("caseload, page 40", "/caseload/?page=40", LIST),
        Page("companies", "/companies/", LIST),
        Page("companies, page 40", "/companies/?page=40", LIST),
        Page("companies, a search", "/companies/?q=bench+4711", LIST),
        Page("a company", f"/companies/{company_pk}/", LIST),
        Page("enquiries", "/enquiries/", LIST),
        Page("grant review queue", "/grants/review/", LIST),
        Page("follow-ups", "/impact/follow-ups/", LIST),
        Page("home", "/", DASHBOARD),
        Page("KPIs", "/impact/kpis/", DASHBOARD),
        Page("evaluation", f"/evaluation/{programme_slug}/", DASHBOARD, national_only=True),
    ]


def signed_in_cookies(email: str) -> dict[str, str]:
    """A session for the user, with the second factor given, as the browser's cookie."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from adopt.accounts.models import User

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Bench second factor", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {"sessionid": session.session_key or ""}


def queries_of(email: str, path: str) -> int:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps the last 9,000 only, and growing the world filled it
    client = Client()
    for name, value in signed_in_cookies(email).items():
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def timed(session: requests.Session, path: str) -> tuple[float, float]:
    """Median milliseconds over TIMED requests after WARM_UP, and the answer's size in KB."""
    times = []
    size = 0
    for n in range(WARM_UP + TIMED):
        started = time.perf_counter()
        response = session.get(BASE + path, timeout=120, allow_redirects=False)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        size = len(response.content)
        if n >= WARM_UP:
            times.append(elapsed)
    return statistics.median(times) * 1000, size / 1024


def sql_kpi_aggregate_ms(programme_ids: list[int]) -> float:
    """The KPI API's figures by hand, quarter by quarter: companies first reaching each stage, support hours,
    money committed and paid, roles upskilled and follow-up reports, for the same programmes; median of TIMED."""
    from django.db import connection

    def quarter(column: str) -> str:
        return f"date_trunc('quarter', {column} - interval '3 months')"

    stages = ("engaged", "assessed", "supported", "roadmap", "investing")
    statement = f"""
        SELECT (SELECT count(*) FROM (
                  SELECT {", ".join(quarter(f"m.{stage}_on") for stage in stages)}, count(*), sum(m.support_hours)
                  FROM impact_companymilestones m JOIN companies_company c ON c.id = m.company_id
                  WHERE c.programme_id = ANY(%(ids)s)
                  GROUP BY GROUPING SETS ({", ".join(f"({n + 1})" for n in range(len(stages)))})) AS reached),
               (SELECT count(*) FROM (
                  SELECT l.kind, {quarter("l.at")}, sum(l.amount)
                  FROM funding_ledgerentry l JOIN funding_grantapplication a ON a.id = l.application_id
                  JOIN companies_company c ON c.id = a.company_id
                  WHERE c.programme_id = ANY(%(ids)s) GROUP BY 1, 2) AS money),
               (SELECT count(*) FROM (
                  SELECT {quarter("r.completed_on")}, count(*)
                  FROM support_upskilledrole r JOIN companies_company c ON c.id = r.company_id
                  WHERE c.programme_id = ANY(%(ids)s) GROUP BY 1) AS roles),
               (SELECT count(*) FROM (
                  SELECT f.months, {quarter("f.reported_on")}, sum(f.jobs_created)
                  FROM impact_followupreport f JOIN funding_grantapplication a ON a.id = f.application_id
                  JOIN companies_company c ON c.id = a.company_id
                  WHERE c.programme_id = ANY(%(ids)s) GROUP BY 1, 2) AS reports)
    """
    times = []
    with connection.cursor() as cursor:
        for n in range(WARM_UP + TIMED):
            started = time.perf_counter()
            cursor.execute(statement, {"ids": programme_ids})
            cursor.fetchall()
            if n >= WARM_UP:
                times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def serve(workdir: Path, database: str, workers: int = 3) -> subprocess.Popen[bytes]:
    """gunicorn on the bench world with DEBUG off, each worker warmed up."""
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url(database),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }
    adopt = str(REPO / ".venv" / "bin" / "adopt")
    subprocess.run([adopt, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    gunicorn = str(REPO / ".venv" / "bin" / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(workers), "--log-level", "warning"],
        env=env,
        cwd=REPO,
    )
    for _ in range(60):
        try:
            if requests.get(f"{BASE}/accounts/login/", timeout=60).status_code == 200:
                for _ in range(20):  # each worker's first request loads the code
                    requests.get(f"{BASE}/accounts/login/", timeout=60)
                return server
        except requests.ConnectionError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def main() -> None:
    companies = int(ARGS[0]) if ARGS else 100_000
    entries = int(ARGS[1]) if len(ARGS) > 1 else 1_000_000
    os.environ["SECRET_KEY"] = SECRET_KEY
    prepare_world(DATABASE, companies, entries, reuse="--reuse" in FLAGS)
    from adopt.companies.models import Company
    from adopt.programmes.models import Programme

    north_west = Programme.objects.get(slug="north-west")
    company = Company.objects.filter(programme=north_west).order_by("pk").first()
    assert company is not None
    roles = {
        "national admin": "admin@adopt.example",
        "North West adviser": "adviser.north-west@adopt.example",
    }
    programme_ids = {
        "national admin": list(Programme.objects.values_list("pk", flat=True)),
        "North West adviser": [north_west.pk],
    }
    workdir = Path(tempfile.mkdtemp(prefix="adopt-pages-"))
    server = serve(workdir, DATABASE)
    failures: list[str] = []
    try:
        anonymous = requests.Session()
        baseline, _ = timed(anonymous, "/accounts/login/")
        print(
            f"{Company.objects.count():,} companies; gunicorn, 3 workers, DEBUG off; median of {TIMED} "
            f"after {WARM_UP} warm-up; sign-in page {baseline:.1f} ms\n"
        )
        print(f"{'page':<22} {'role':<20} {'median':>9} {'ratio':>7} {'goal':>5} {'guard':>6} {'queries':>8} {'KB':>6}")
        for role, email in roles.items():
            session = requests.Session()
            session.cookies.update(signed_in_cookies(email))
            for page in pages(company.pk, north_west.slug):
                if page.national_only and role != "national admin":
                    continue
                median, size = timed(session, page.path)
                if median > page.guard * baseline:  # measured again before it counts
                    median = min(median, *(timed(session, page.path)[0] for _ in range(2)))
                measure = Measure(page, role, median, size, queries_of(email, page.path))
                ratio = measure.ratio(baseline)
                flag = "  over goal" if ratio > page.bound else ""
                if ratio > page.guard:
                    flag = "  <- OVER GUARD"
                    failures.append(f"{page.label} as {role}: {median:.0f} ms, {ratio:.1f}x the sign-in page")
                if measure.queries > QUERY_BOUND:
                    flag += "  <- TOO MANY QUERIES"
                    failures.append(f"{page.label} as {role}: {measure.queries} queries (bound {QUERY_BOUND})")
                print(
                    f"{page.label:<22} {role:<20} {median:>7.1f}ms {ratio:>6.1f}x {page.bound:>4}x {page.guard:>5}x "
                    f"{measure.queries:>8} {size:>6.0f}{flag}"
                )
            api_median, _ = timed(session, "/api/impact/kpis")
            sql_median = sql_kpi_aggregate_ms(programme_ids[role])
            ratio = api_median / sql_median
            print(
                f"{'KPI API':<22} {role:<20} {api_median:>7.1f}ms {ratio:>6.1f}x the SQL aggregate of the same "
                f"figures ({sql_median:.1f} ms; goal 2x, guard {API_GUARD}x)"
            )
            if ratio > API_GUARD:
                failures.append(f"KPI API as {role}: {ratio:.1f}x the SQL aggregate")
    finally:
        server.terminate()
        server.wait()
    if failures:
        print("\nOver guard:\n- " + "\n- ".join(failures))
        if "--check" in FLAGS:
            raise SystemExit(1)
    else:
        print("\nEvery page within its guard.")


if __name__ == "__main__":
    main()
