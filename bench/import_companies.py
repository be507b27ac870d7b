"""Import speed and memory for a Companies House bulk file.

    python bench/import_companies.py [ROWS] [--postgres-only] [--once]

Builds a deterministic BasicCompanyData file (real postcode sectors, real SIC codes), then times
`adopt import_companies` on a fresh SQLite database (not with --postgres-only) and, when PostgreSQL answers, on a
fresh PostgreSQL database, each followed by a re-import of the same file (not with --once), with PostgreSQL's
`COPY` of the same file into a plain table as the floor. Prints rows per second and the import process's peak
memory.
"""

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from adopt.companies.tests.companies_house_files import HEADER, company_row  # noqa: E402

ADOPT = str(REPO / ".venv" / "bin" / "adopt")
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DATABASE = "adopt_bench_import"


def build_file(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    sectors = sorted(
        {
            row["sector"]
            for row in csv.DictReader((REPO / "adopt/geography/data/postcode_sector_lad_nov2025.csv").open())
        }
    )
    sic = [
        row["code"]
        for row in csv.DictReader((REPO / "adopt/companies/data/sic2007_hierarchy.csv").open())
        if row["level"] == "subclass"
    ]
    statuses = ["Active"] * 90 + ["Dissolved"] * 4 + ["Liquidation"] * 3 + ["Active - Proposal to Strike off"] * 3
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        for n in range(rows):
            sector = rng.choice(sectors)
            postcode = f"{sector}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            writer.writerow(
                company_row(
                    name=f"BENCH COMPANY {n} LIMITED",
                    number=f"{10_000_000 + n:08d}",
                    postcode=postcode,
                    status=rng.choice(statuses),
                    incorporated=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2025)}",
                    sic=f"{rng.choice(sic)} - Some activity",
                )
            )


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    seconds, output, _ = run_measured(args, env)
    return seconds, output


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """Seconds, standard output and the process's own peak memory in MB."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(args, env=env, stdout=output, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, args)
        output.seek(0)
        return seconds, output.read().decode().strip(), usage.ru_maxrss / 1024


def bench_import(label: str, database_url: str, csv_path: Path, rows: int) -> None:
    env = os.environ | {"DEBUG": "true", "DATABASE_URL": database_url}
    run([ADOPT, "migrate", "-v0"], env)
    run([ADOPT, "demo"], env)
    seconds, summary, peak_mb = run_measured(
        [ADOPT, "import_companies", str(csv_path), "--programme", "north-west"], env
    )
    print(
        f"{label:<28} {rows:>8,} rows  {seconds:6.1f} s  {rows / seconds:>8,.0f} rows/s  peak {peak_mb:5.0f} MB  [{summary}]"
    )
    if "--once" in sys.argv:
        return
    seconds, summary = run([ADOPT, "import_companies", str(csv_path), "--programme", "north-west"], env)
    print(f"{label + ' (re-run)':<28} {rows:>8,} rows  {seconds:6.1f} s  {rows / seconds:>8,.0f} rows/s  [{summary}]")


def bench_copy_floor(csv_path: Path, rows: int) -> None:
    columns = ", ".join(f'"c{i}" text' for i in range(len(HEADER)))
    sql = f"DROP TABLE IF EXISTS bench_copy; CREATE UNLOGGED TABLE bench_copy ({columns});"
    subprocess.run(["psql", "-q", POSTGRES + DATABASE, "-c", sql], check=True)
    started = time.perf_counter()
    copy = f"\\copy bench_copy FROM '{csv_path}' WITH (FORMAT csv, HEADER true)"
    subprocess.run(["psql", "-q", POSTGRES + DATABASE, "-c", copy], check=True)
    seconds = time.perf_counter() - started
    print(f"{'PostgreSQL COPY (floor)':<28} {rows:>8,} rows  {seconds:6.1f} s  {rows / seconds:>8,.0f} rows/s")


def main() -> None:
    numbers = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    rows = int(numbers[0]) if numbers else 100_000
    workdir = Path(tempfile.mkdtemp(prefix="adopt-bench-"))
    csv_path = workdir / "BasicCompanyData-bench.csv"
    build_file(csv_path, rows)
    print(f"Machine: {os.cpu_count()} cores; file {csv_path.stat().st_size / 1e6:.1f} MB")
    if "--postgres-only" not in sys.argv:
        bench_import("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", csv_path, rows)
    if shutil.which("psql") and subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
        subprocess.run(["psql", "-q", POSTGRES + "postgres", "-c", "DROP DATABASE IF EXISTS " + DATABASE], check=True)
        subprocess.run(["psql", "-q", POSTGRES + "postgres", "-c", "CREATE DATABASE " + DATABASE], check=True)
        bench_import("PostgreSQL", POSTGRES + DATABASE, csv_path, rows)
        bench_copy_floor(csv_path, rows)
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
