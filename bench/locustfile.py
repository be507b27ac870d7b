"""The load test's traffic, run by `bench/load.py`: each role's usual pages, no think time.

Sessions and ids come from the environment (BENCH_SESSIONS: role -> session id; BENCH_COMPANIES: role -> company
ids the role may open), so the traffic signs in nobody and touches 127.0.0.1 only.
"""

import json
import os
import random

from locust import HttpUser, constant, task

SESSIONS: dict[str, str] = json.loads(os.environ.get("BENCH_SESSIONS", "{}"))
COMPANIES: dict[str, list[int]] = json.loads(os.environ.get("BENCH_COMPANIES", "{}"))


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", SESSIONS[self.role])

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")

    def a_company(self) -> None:
        self.page(f"/companies/{random.choice(COMPANIES[self.role])}/", "a company")


class NationalAdmin(Staff):
    role = "national admin"
    weight = 1

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def caseload(self) -> None:
        self.page(f"/caseload/?page={random.randint(1, 40)}", "caseload")

    @task(3)
    def companies(self) -> None:
        self.page(f"/companies/?page={random.randint(1, 40)}", "companies")

    @task(1)
    def kpis(self) -> None:
        self.page("/impact/kpis/", "KPIs")

    @task(3)
    def company(self) -> None:
        self.a_company()


class Manager(Staff):
    role = "North West manager"
    weight = 2

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def caseload(self) -> None:
        self.page("/caseload/", "caseload")

    @task(2)
    def companies(self) -> None:
        self.page(f"/companies/?page={random.randint(1, 40)}", "companies")

    @task(1)
    def kpis(self) -> None:
        self.page("/impact/kpis/", "KPIs")

    @task(1)
    def review_queue(self) -> None:
        self.page("/grants/review/", "grant review queue")

    @task(3)
    def company(self) -> None:
        self.a_company()


class Adviser(Staff):
    role = "North West adviser"
    weight = 4

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def caseload(self) -> None:
        self.page("/caseload/", "caseload")

    @task(2)
    def search(self) -> None:
        self.page(f"/companies/?q=bench+{random.randint(1, 99_999)}", "companies, a search")

    @task(1)
    def enquiries(self) -> None:
        self.page("/enquiries/", "enquiries")

    @task(5)
    def company(self) -> None:
        self.a_company()


class Visitor(HttpUser):
    weight = 1
    wait_time = constant(0)

    @task
    def sign_in_page(self) -> None:
        self.client.get("/accounts/login/", name="sign-in page (near-empty)")
