"""The Companies House import from its page, over HTTP: `python bench/import_page.py [ROWS]`.

Builds the same deterministic file as `bench/import_companies.py`, loads the demo into a fresh SQLite database,
serves it with gunicorn beside one `adopt worker`, signs in as the North West manager (password and the demo's
second-factor code), uploads the file and times the page's answer. It then reads the job's page until the job
finishes, and runs `adopt import_companies` on a copy of the database taken before the upload, to show that the
page and the command count the same.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.import_companies import build_file  # noqa: E402

ADOPT = str(REPO / ".venv" / "bin" / "adopt")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
MANAGER = "manager.north-west@adopt.example"
PASSWORD = "adopt-demo-2026"  # the demo's published password
SUMMARY = re.compile(r"imported: \d+, updated: \d+, unchanged: \d+, rejected: \d+")


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10).text
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, f"no form at {url}"
    return found.group(1)


def sign_in(session: requests.Session, base: str, env: dict[str, str]) -> None:
    """The North West manager, with the demo's password and its authenticator's current code."""
    token = csrf(session, f"{base}/accounts/login/")
    session.post(f"{base}/accounts/login/", {"csrfmiddlewaretoken": token, "username": MANAGER, "password": PASSWORD})
    code = subprocess.run([ADOPT, "demo_code"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    token = csrf(session, f"{base}/accounts/two-factor/")
    session.post(f"{base}/accounts/two-factor/", {"csrfmiddlewaretoken": token, "code": code})


def north_west_id(session: requests.Session, base: str) -> str:
    page = session.get(f"{base}/companies/import/", timeout=10).text
    found = re.search(r'<option value="(\d+)"[^>]*>North West Digital Adoption Programme', page)
    assert found, "the manager cannot import into the North West programme"
    return found.group(1)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workdir = Path(tempfile.mkdtemp(prefix="adopt-import-page-"))
    csv_path = workdir / "BasicCompanyData-bench.csv"
    build_file(csv_path, rows)
    database = workdir / "page.sqlite3"
    env = os.environ | {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_SSL_REDIRECT": "false",
    }
    subprocess.run([ADOPT, "migrate", "-v0"], env=env, check=True)
    subprocess.run([ADOPT, "demo"], env=env, check=True, capture_output=True)
    shutil.copy(database, workdir / "command.sqlite3")
    web = subprocess.Popen([GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2"], env=env, cwd=REPO)
    worker = subprocess.Popen([ADOPT, "worker"], env=env, stdout=subprocess.DEVNULL)
    try:
        time.sleep(3)
        session = requests.Session()
        sign_in(session, BASE, env)
        programme = north_west_id(session, BASE)
        token = csrf(session, f"{BASE}/companies/import/")
        started = time.perf_counter()
        with csv_path.open("rb") as upload:
            answer = session.post(
                f"{BASE}/companies/import/",
                data={"csrfmiddlewaretoken": token, "programme": programme, "encoding": "utf-8"},
                files={"file": (csv_path.name, upload, "text/csv")},
                allow_redirects=False,
                timeout=60,
            )
        answered = time.perf_counter() - started
        job_page = BASE + answer.headers["Location"]
        print(f"{rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB: the page answered in {answered:.2f} s")
        seen_progress = set()
        while True:
            page = session.get(job_page, headers={"HX-Request": "true"}, timeout=10).text
            progress = re.search(r"(\d+)% done", page)
            if progress:
                seen_progress.add(int(progress.group(1)))
            if "Finished" in page or "did not finish" in page:
                break
            time.sleep(0.5)
        finished = time.perf_counter() - started
        found = SUMMARY.search(page)
        page_summary = found.group(0) if found else page
        print(f"job finished in {finished:.1f} s; progress seen: {sorted(seen_progress)}")
        print(f"page:    {page_summary}")
    finally:
        web.terminate()
        worker.terminate()
        web.wait()
        worker.wait()
    command_env = env | {"DATABASE_URL": f"sqlite:///{workdir / 'command.sqlite3'}"}
    command = subprocess.run(
        [ADOPT, "import_companies", str(csv_path), "--programme", "north-west"],
        env=command_env,
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"command: {command.stdout.strip()}")
    print("same counts" if command.stdout.strip() == page_summary else "THE COUNTS DIFFER")
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
