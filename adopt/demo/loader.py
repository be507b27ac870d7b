"""Loads the fictitious demonstration programme from `data/demo_programme.json`, idempotently.

Rows are matched by their natural keys (email, programme slug, Companies House number) and created
only when missing, so loading twice neither duplicates nor overwrites what people changed since.
"""

import json
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from adopt.accounts.models import User
from adopt.companies.models import Company, CompanyMembership
from adopt.core.events import events_held
from adopt.demo.assessment_generator import generate_demo_assessments
from adopt.demo.evaluation_generator import generate_demo_outcomes
from adopt.demo.funding_generator import generate_demo_funding
from adopt.demo.generator import generate_demo_companies
from adopt.demo.impact_generator import generate_demo_impact
from adopt.demo.onboarding_generator import generate_demo_onboarding
from adopt.demo.roadmap_generator import generate_demo_roadmaps
from adopt.geography.models import Area
from adopt.impact.services import refresh_milestones
from adopt.programmes.models import Programme, ProgrammeStaff, Target

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_programme.json"
DEMO_PASSWORD = "adopt-demo-2026"  # noqa: S105 - published demo credential, loaded only by `adopt demo`
# The demo staff's authenticator key (hex), published like the password: `adopt demo_code` shows its current code.
DEMO_TOTP_KEY = "61646f70742d64656d6f2d326e642d6661637472"


@dataclass
class DemoLoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.existing
        bucket[kind] = bucket.get(kind, 0) + 1


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


def read_demo_file(path: Path = DEMO_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@transaction.atomic
def load_demo_programme(path: Path = DEMO_FILE) -> DemoLoadSummary:
    with events_held():
        summary = _load(path)
    refresh_milestones()  # once for every company, rather than at each of the generators' saves
    summary.created["outcome rows"] = generate_demo_outcomes(read_demo_file(path)["evaluation"])
    return summary


def _load(path: Path) -> DemoLoadSummary:
    data = read_demo_file(path)
    summary = DemoLoadSummary()
    areas = {area.code: area for area in Area.objects.exclude(level=Area.Level.LOCAL_AUTHORITY)}
    programmes = {row["slug"]: _programme(row, areas, summary) for row in data["programmes"]}
    users = {row["email"]: _user(row, summary) for row in data["users"]}
    for row in data["staff"]:
        _, created = ProgrammeStaff.objects.get_or_create(
            programme=programmes[row["programme"]], user=users[row["email"]], role=row["role"]
        )
        summary.count("programme roles", created)
    generated = generate_demo_companies(data["generator"], DEMO_PASSWORD)
    summary.created["advisers"] = generated.advisers
    summary.created["companies"] = generated.companies
    summary.created["declared subsidies"] = generated.subsidies
    summary.created["assessments"] = generate_demo_assessments(data["assessments"])
    summary.created["grant applications"] = generate_demo_funding(data["funding"])
    summary.created["enquiries"] = generate_demo_onboarding(data["onboarding"], DEMO_PASSWORD)
    companies = {
        company.companies_house_number: company
        for company in Company.objects.filter(
            companies_house_number__in=[row["company_number"] for row in data["memberships"]]
        )
    }
    for row in data["memberships"]:
        _, created = CompanyMembership.objects.get_or_create(
            company=companies[row["company_number"]], user=users[row["email"]], defaults={"role": row["role"]}
        )
        summary.count("company members", created)
    summary.created["staff second factors"] = _demo_second_factors()
    summary.created["roadmaps"] = generate_demo_roadmaps(data["roadmaps"])
    summary.created["support entries"] = generate_demo_impact(data["impact"])
    return summary


def _demo_second_factors() -> int:
    """Every demo staff member's authenticator app shares one published key, like their published password."""
    staff = User.objects.filter(
        Q(programme_roles__isnull=False) | ~Q(global_role=User.GlobalRole.NONE), email__endswith="@adopt.example"
    ).exclude(totpdevice__isnull=False)
    devices = [
        TOTPDevice(user=user, name="Demo authenticator app", key=DEMO_TOTP_KEY, confirmed=True)
        for user in staff.distinct()
    ]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)


def demo_second_factor_code() -> str:
    """The code an authenticator app holding the demo key shows now."""
    device = TOTPDevice(key=DEMO_TOTP_KEY)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def demo_second_factor_key() -> str:
    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def demo_logins(path: Path = DEMO_FILE) -> list[DemoLogin]:
    """One login per kind of user, to print beside the URL."""
    data = read_demo_file(path)
    roles_by_email: dict[str, str] = {}
    for row in data["users"]:
        if row["global_role"]:
            roles_by_email[row["email"]] = User.GlobalRole(row["global_role"]).label
    for row in data["staff"]:
        roles_by_email.setdefault(row["email"], f"{ProgrammeStaff.Role(row['role']).label} ({row['programme']})")
    for row in data["memberships"]:
        roles_by_email.setdefault(row["email"], "Company member (SME user)")
    chosen = [
        "admin@adopt.example",
        "manager.north-west@adopt.example",
        "adviser.north-west@adopt.example",
        "owner@adopt.example",
        "evaluator@adopt.example",
    ]
    return [DemoLogin(email, roles_by_email[email]) for email in chosen if email in roles_by_email]


def _programme(row: dict[str, Any], areas: dict[str, Area], summary: DemoLoadSummary) -> Programme:
    programme, created = Programme.objects.get_or_create(
        slug=row["slug"],
        defaults={
            "name": row["name"],
            "summary": row["summary"],
            "region": areas[row["region"]],
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
        },
    )
    summary.count("programmes", created)
    if created:
        programme.areas.set([areas[code] for code in row["areas"]])
        Target.objects.bulk_create(
            Target(programme=programme, metric=metric, value=Decimal(str(value)))
            for metric, value in row["targets"].items()
        )
    return programme


def _user(row: dict[str, Any], summary: DemoLoadSummary) -> User:
    user = User.objects.filter(email__iexact=row["email"]).first()
    summary.count("users", created=user is None)
    if user is None:
        user = User.objects.create_user(
            row["email"], DEMO_PASSWORD, full_name=row["full_name"], global_role=row["global_role"]
        )
    return user
