"""Adopt on several servers at once, on PostgreSQL: `python bench/cluster.py [ROWS]`.

Two gunicorn servers (A and B, on their own ports) and two workers share one fresh PostgreSQL database. The North
West manager uploads a Companies House file of ROWS rows (100,000 by default) on server A's import page, and the
job's progress is read from server B. Half-way through, the worker running the job is killed with SIGKILL: its
heartbeat stops, the other worker's schedule queues the job again, takes it and finishes it. The bench prints the
figures and checks that every company was imported exactly once and that the job ran to completion once.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.import_companies import build_file  # noqa: E402
from bench.import_page import csrf, north_west_id, sign_in  # noqa: E402

ADOPT = str(REPO / ".venv" / "bin" / "adopt")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DATABASE = "adopt_cluster"
SERVER_A, SERVER_B = 8771, 8772
STALE_SECONDS = 10


def query(sql: str, *args: object) -> list[tuple[object, ...]]:
    with psycopg.connect(POSTGRES + DATABASE, autocommit=True) as connection:
        return connection.execute(sql, args).fetchall()


def job_state(job_id: int) -> tuple[str, int, int | None, int]:
    rows = query("SELECT status, done, total, attempts FROM jobs_job WHERE id = %s", job_id)
    status, done, total, attempts = rows[0]
    return str(status), int(str(done)), int(str(total)) if total is not None else None, int(str(attempts))


def running_worker() -> str | None:
    rows = query(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' ORDER BY started_at DESC LIMIT 1"
    )
    return str(rows[0][0][-1]) if rows and rows[0][0] else None


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workdir = Path(tempfile.mkdtemp(prefix="adopt-cluster-"))
    csv_path = workdir / "BasicCompanyData-bench.csv"
    build_file(csv_path, rows)
    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    env = os.environ | {
        "DEBUG": "true",
        "DATABASE_URL": POSTGRES + DATABASE,
        "MEDIA_ROOT": str(workdir / "media"),  # the shared uploads folder
        "SECURE_SSL_REDIRECT": "false",
        "JOBS_STALE_SECONDS": str(STALE_SECONDS),
    }
    subprocess.run([ADOPT, "migrate", "-v0"], env=env, check=True)
    subprocess.run([ADOPT, "demo"], env=env, check=True, capture_output=True)
    servers = [
        subprocess.Popen(
            [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"], env=env, cwd=REPO
        )
        for port in (SERVER_A, SERVER_B)
    ]
    workers = {
        name: subprocess.Popen(
            [ADOPT, "worker", "--worker-id", name, "--tick", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in ("worker-one", "worker-two")
    }
    try:
        time.sleep(4)
        base_a, base_b = f"http://127.0.0.1:{SERVER_A}", f"http://127.0.0.1:{SERVER_B}"
        session = requests.Session()  # one sign-in: the session lives in the shared database
        sign_in(session, base_a, env)
        programme = north_west_id(session, base_a)
        token = csrf(session, f"{base_a}/companies/import/")
        started = time.perf_counter()
        with csv_path.open("rb") as upload:
            answer = session.post(
                f"{base_a}/companies/import/",
                data={"csrfmiddlewaretoken": token, "programme": programme, "encoding": "utf-8"},
                files={"file": (csv_path.name, upload, "text/csv")},
                allow_redirects=False,
                timeout=60,
            )
        job_id = int(answer.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        print(f"{rows:,} rows: server A answered the upload in {time.perf_counter() - started:.2f} s (job {job_id})")
        killed = None
        progress_from_b = []
        while True:
            fragment = session.get(f"{base_b}/jobs/{job_id}/", headers={"HX-Request": "true"}, timeout=10).text
            shown = re.search(r"(\d+)% done", fragment)
            if shown:
                progress_from_b.append(int(shown.group(1)))
            status, done, total, attempts = job_state(job_id)
            if killed is None and total and done >= total // 2:
                victim = running_worker()
                if victim in workers:
                    workers[victim].send_signal(signal.SIGKILL)
                    workers[victim].wait()
                    killed = victim
                    print(f"killed {victim} with SIGKILL at {done / total:.0%} of the file")
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        fragment = session.get(f"{base_b}/jobs/{job_id}/", headers={"HX-Request": "true"}, timeout=10).text
        summary = re.search(r"imported: \d+, updated: \d+, unchanged: \d+, rejected: \d+", fragment)
        print(
            f"job {status} in {seconds:.1f} s after {attempts} attempts; progress read from server B: "
            f"{sorted(set(progress_from_b))[:3]}...{sorted(set(progress_from_b))[-3:]}"
        )
        print(f"summary on server B: {summary.group(0) if summary else fragment[:200]}")
    finally:
        for process in [*servers, *workers.values()]:
            if process.poll() is None:
                process.terminate()
                process.wait()
    companies = int(str(query("SELECT count(*) FROM companies_company WHERE name LIKE 'BENCH COMPANY %%'")[0][0]))
    duplicates = int(
        str(
            query(
                "SELECT count(*) FROM (SELECT companies_house_number FROM companies_company "
                "GROUP BY companies_house_number HAVING count(*) > 1) AS twice"
            )[0][0]
        )
    )
    completed = query(  # the import's own runs: the schedule may have run others (the day's reminders) meanwhile
        "SELECT worker_ids, return_value FROM django_tasks_database_dbtaskresult "
        "WHERE return_value::text = '\"done\"' AND args_kwargs -> 'args' ->> 0 = %s",
        str(job_id),
    )
    print(f"companies imported: {companies:,} of {rows:,}; numbers held twice: {duplicates}")
    print(f"runs to completion: {len(completed)} (by {', '.join(str(row[0][-1]) for row in completed)})")
    ok = companies == rows and duplicates == 0 and len(completed) == 1 and status == "done" and killed is not None
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
