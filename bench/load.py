"""A load test at national scale: `python bench/load.py [USERS] [SECONDS] [--reuse] [--database=NAME]`.

Serves the bench world (`bench/world.py`: 100,000 companies, 1,000,000 support entries; made unless --reuse finds
it) with gunicorn (3 workers, DEBUG off) on 127.0.0.1, and runs locust (`bench/locustfile.py`) headless against it
for SECONDS (60 by default) with USERS simulated users (20 by default) and no think time: a national
administrator, the North West manager and adviser in the proportions 1:2:4, each on their usual pages, and
visitors on the near-empty sign-in page in the same run. Prints each page's median, 95th percentile and requests per
second, and the whole mix's; exits 1 on any failed request.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import BASE, SECRET_KEY, serve, signed_in_cookies
from bench.world import REPO, prepare_world

ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
FLAGS = [arg for arg in sys.argv[1:] if arg.startswith("--")]
DATABASE = next((flag.split("=", 1)[1] for flag in FLAGS if flag.startswith("--database=")), "adopt_bench")
ROLES = {
    "national admin": "admin@adopt.example",
    "North West manager": "manager.north-west@adopt.example",
    "North West adviser": "adviser.north-west@adopt.example",
}


def main() -> None:
    users = int(ARGS[0]) if ARGS else 20
    seconds = int(ARGS[1]) if len(ARGS) > 1 else 60
    os.environ["SECRET_KEY"] = SECRET_KEY
    prepare_world(DATABASE, 100_000, 1_000_000, reuse="--reuse" in FLAGS)
    from adopt.companies.models import Company

    north_west = list(Company.objects.filter(programme__slug="north-west").values_list("pk", flat=True)[:2000])
    anywhere = list(Company.objects.order_by("?").values_list("pk", flat=True)[:2000])
    sessions = {role: signed_in_cookies(email)["sessionid"] for role, email in ROLES.items()}
    companies = {"national admin": anywhere, "North West manager": north_west, "North West adviser": north_west}
    workdir = Path(tempfile.mkdtemp(prefix="adopt-load-"))
    server = serve(workdir, DATABASE)
    try:
        env = os.environ | {"BENCH_SESSIONS": json.dumps(sessions), "BENCH_COMPANIES": json.dumps(companies)}
        subprocess.run(
            [
                str(REPO / ".venv" / "bin" / "locust"),
                "-f",
                str(REPO / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                BASE,
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.terminate()
        server.wait()
    failures = report(workdir / "load_stats.csv", users, seconds)
    if failures:
        raise SystemExit(f"{failures:,} requests failed")


def report(stats: Path, users: int, seconds: int) -> int:
    """Prints the per-page table; returns how many requests failed."""
    rows = list(csv.DictReader(stats.open()))
    print(f"{users} users, no think time, {seconds} s; gunicorn with 3 workers on 2 cores, DEBUG off\n")
    print(f"{'page':<28} {'requests':>9} {'failed':>7} {'median':>8} {'p95':>8} {'req/s':>7}")
    failed = 0
    for row in sorted(rows, key=lambda row: row["Name"] == "Aggregated"):
        name = "the whole mix" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<28} {int(row['Request Count']):>9,} {int(row['Failure Count']):>7} "
            f"{float(row['Median Response Time']):>6.0f}ms {float(row['95%']):>6.0f}ms "
            f"{float(row['Requests/s']):>7.1f}"
        )
        if row["Name"] == "Aggregated":
            failed = int(row["Failure Count"])
    return failed


if __name__ == "__main__":
    main()
