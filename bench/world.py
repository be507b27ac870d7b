"""The national bench world on PostgreSQL: the demo grown to COMPANIES companies and ENTRIES support entries.

`prepare_world(database, companies, entries, reuse=...)` makes (or, with reuse, keeps and migrates) the database
on the local PostgreSQL (BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432), sets Django up against it
and grows it. The rows are made in bulk, which sends no signals, so milestones are worked out afterwards.
"""

import datetime
import os
import random
import sys
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def database_url(database: str) -> str:
    return f"{SERVER}/{database}"


def prepare_world(database: str, companies: int, entries: int, *, reuse: bool) -> None:
    """Django set up against `database`, holding the demo grown to the size asked for."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not (reuse and exists):
            admin.execute(f"DROP DATABASE IF EXISTS {database}")
            admin.execute(f"CREATE DATABASE {database}")
    sys.path.insert(0, str(REPO))
    os.environ.update({"DEBUG": "true", "DATABASE_URL": database_url(database), "ALLOWED_HOSTS": "testserver"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from adopt.companies.models import Company
    from adopt.impact.services import refresh_milestones

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Company.objects.exists():
        call_command("demo", stdout=StringIO())
    if grow(companies, entries):
        started = time.perf_counter()
        refreshed = refresh_milestones()
        print(f"Milestones of {refreshed:,} companies worked out in {time.perf_counter() - started:.1f} s")
        from django.db import connection

        # As autovacuum does soon after a bulk load in production: index-only scans need the visibility map it sets.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def grow(companies: int, entries: int) -> bool:
    """Add bench companies and support entries up to the sizes asked for; whether anything was added."""
    from django.utils import timezone

    from adopt.companies.models import Company
    from adopt.programmes.models import Programme
    from adopt.support.models import SupportEntry

    rng = random.Random(11)
    programmes = list(Programme.objects.order_by("pk"))
    started = time.perf_counter()
    to_make = max(companies - Company.objects.count(), 0)
    batch = []
    for n in range(to_make):
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
    entries_to_make = max(entries - SupportEntry.objects.count(), 0)
    rows = []
    for _ in range(entries_to_make):
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
    return bool(to_make or entries_to_make)
