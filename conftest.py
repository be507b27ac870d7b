"""Fixtures shared by every test: role personas in a small world of two programmes, and the markers' rules."""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from adopt.accounts.models import User
from adopt.accounts.policies import needs_second_factor
from adopt.accounts.tests.factories import UserFactory
from adopt.assessments.models import Assessment
from adopt.assessments.tests.factories import AssessmentFactory
from adopt.companies.models import Company, SicCode
from adopt.companies.reference_data import load_sic_codes
from adopt.companies.tests.factories import CompanyFactory, CompanyMembershipFactory
from adopt.core.testing import commits_at_outermost_block, rows_for_the_module
from adopt.funding.models import Fund, GrantApplication
from adopt.funding.tests.factories import FundYearFactory, SchemeFactory, ready_application
from adopt.geography.reference_data import load_geography
from adopt.impact.models import ProgrammeAssumptions
from adopt.impact.services import refresh_milestones
from adopt.onboarding.models import DeletionRequest, Enquiry, Invitation, MembershipRequest
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.tests.factories import ProgrammeFactory, ProgrammeStaffFactory, TargetFactory
from adopt.roadmaps.models import Roadmap
from adopt.roadmaps.planner import plan_roadmap
from adopt.roadmaps.plans import Plan
from adopt.roadmaps.services import roadmap_replan
from adopt.support.models import CohortPlace, LeadershipCohort, SupportedRule

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = connection.vendor == "postgresql"
    has_chromium = shutil.which(CHROMIUM) is not None
    if os.environ.get("CI") and not has_chromium and any("browser" in item.keywords for item in items):
        raise pytest.UsageError(f"Browser tests must run in CI, but {CHROMIUM} is missing: install Debian's chromium.")
    for item in items:
        if "postgres_only" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL (row locks, real concurrency): run with DATABASE_URL=postgres://..."
                )
            )
        if "browser" in item.keywords and not has_chromium:
            item.add_marker(
                pytest.mark.skip(reason=f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
            )


@pytest.fixture(scope="module")
def reference_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Regions, local authorities, postcode sectors and SIC 2007, loaded once for the module that asks."""
    with rows_for_the_module(django_db_blocker):
        load_geography()
        load_sic_codes()
        yield


_plans: dict[str, Plan] = {}


def _remembered_plan(inputs: Any, chosen: Any, planning: Any, facts: Any, titles: Any) -> Plan:
    """Every world plans the same roadmap from the same facts: solve it once per run and store that plan."""
    key = repr((inputs, chosen.label, planning.label, facts, titles))
    if key not in _plans:
        _plans[key] = plan_roadmap(inputs, chosen, planning, facts, titles)
    return _plans[key]


@dataclass
class World:
    """Two programmes, each with its staff and a company, and one person of every role."""

    programme: Programme
    other_programme: Programme
    company: Company
    other_company: Company
    sme_member: User
    sme_outsider: User
    adviser: User
    manager: User
    programme_evaluator: User
    evaluator: User
    national_admin: User
    assessment: Assessment
    draft: Assessment
    fund: Fund
    application: GrantApplication
    roadmap: Roadmap
    cohort: LeadershipCohort

    def persona(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(db: None) -> World:
    SicCode.objects.update_or_create(
        code="25620",
        defaults={
            "level": "subclass",
            "description": "Machining",
            "section": "C",
            "division": "25",
            "is_manufacturing": True,
        },
    )
    programme = ProgrammeFactory(name="North West Digital Adoption Programme", slug="north-west")
    other_programme = ProgrammeFactory(name="North East Digital Adoption Programme", slug="north-east")
    TargetFactory(programme=programme)
    adviser = UserFactory(full_name="Ada Adviser")
    manager = UserFactory(full_name="Max Manager")
    programme_evaluator = UserFactory(full_name="Eve Programme-Evaluator")
    ProgrammeStaffFactory(programme=programme, user=adviser, role=ProgrammeStaff.Role.ADVISER)
    ProgrammeStaffFactory(programme=programme, user=manager, role=ProgrammeStaff.Role.MANAGER)
    ProgrammeStaffFactory(programme=programme, user=programme_evaluator, role=ProgrammeStaff.Role.EVALUATOR)
    ProgrammeStaffFactory(programme=other_programme, role=ProgrammeStaff.Role.ADVISER)
    company = CompanyFactory(programme=programme, adviser=adviser, name="Ribble Plastics Ltd")
    other_company = CompanyFactory(programme=other_programme, name="Tyne Textiles Ltd")
    sme_member = CompanyMembershipFactory(company=company).user
    sme_outsider = CompanyMembershipFactory(company=other_company).user
    assessment = AssessmentFactory(company=company)
    draft = AssessmentFactory(company=company, status=Assessment.Status.DRAFT, submitted_at=None, answers={})
    scheme = SchemeFactory(fund__programme=programme)
    FundYearFactory(fund=scheme.fund)
    application = ready_application(company, scheme, created_by=sme_member)
    _onboarding_records(company, sme_member, sme_outsider)
    roadmap = Roadmap.objects.create(
        company_id=company.pk, objectives=["cut_waste"], budget_now=20000, budget_next=40000, budget_later=60000
    )
    with mock.patch("adopt.roadmaps.services.plan_roadmap", _remembered_plan):
        roadmap_replan(roadmap, actor=adviser, reason="First plan")
    _impact_settings(other_programme)
    national_admin = UserFactory(full_name="Nadia Admin", global_role=User.GlobalRole.NATIONAL_ADMIN)
    TOTPDevice.objects.create(user=national_admin, name="Authenticator app", confirmed=True)
    StaticDevice.objects.create(user=national_admin, name="Recovery codes", confirmed=True)
    refresh_milestones()  # the factories write rows directly, as a bulk load does, and refresh once at the end
    return World(
        programme=programme,
        other_programme=other_programme,
        company=company,
        other_company=other_company,
        sme_member=sme_member,
        sme_outsider=sme_outsider,
        adviser=adviser,
        manager=manager,
        programme_evaluator=programme_evaluator,
        evaluator=UserFactory(full_name="Evan Evaluator", global_role=User.GlobalRole.EVALUATOR),
        national_admin=national_admin,
        assessment=assessment,
        draft=draft,
        fund=scheme.fund,
        application=application,
        roadmap=roadmap,
        cohort=_leadership_cohort(programme, company),
    )


def _leadership_cohort(programme: Programme, company: Company) -> LeadershipCohort:
    today = timezone.localdate()
    cohort = LeadershipCohort.objects.create(
        programme=programme,
        name="Digital leaders, spring",
        provider="Business school",
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=10),
        sessions=6,
        sessions_to_complete=5,
    )
    CohortPlace.objects.create(
        cohort=cohort, company=company, participant_role="Managing director", sessions_attended=5
    )
    return cohort


def _impact_settings(programme: Programme) -> None:
    """A supported rule and impact assumptions on the second programme, so their back-office pages have a row."""
    SupportedRule.objects.create(programme=programme, minimum_hours=Decimal("15"), roadmap_counts=False)
    ProgrammeAssumptions.objects.create(
        programme=programme,
        deadweight=Decimal("0.35"),
        leakage=Decimal("0.1"),
        displacement=Decimal("0.2"),
        substitution=Decimal("0.05"),
        multiplier=Decimal("1.25"),
        persistence_years=3,
        decay=Decimal("0.2"),
        source="North East interim evaluation (test)",
    )


def _onboarding_records(company: Company, member: User, outsider: User) -> None:
    """One of each onboarding record, so every back-office page has a row to open."""
    Enquiry.objects.create(name="Alex Field", email="alex.field@example.test", company_name="Field Engineering Ltd")
    Invitation.objects.create(
        company=company,
        email="world.colleague@example.test",
        invited_by=member,
        expires_at=timezone.now() + timedelta(days=14),
    )
    MembershipRequest.objects.create(company=company, user=outsider)
    DeletionRequest.objects.create(user=outsider, email_at_request=outsider.email)


@pytest.fixture
def sme_user(world: World) -> User:
    return world.sme_member


@pytest.fixture
def adviser(world: World) -> User:
    return world.adviser


@pytest.fixture
def manager(world: World) -> User:
    return world.manager


@pytest.fixture
def evaluator(world: World) -> User:
    return world.evaluator


@pytest.fixture
def admin(world: World) -> User:
    return world.national_admin


@pytest.fixture(autouse=True)
def _force_login_gives_both_factors(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login` signs a person in as if they had given both factors, as staff must to get anywhere.

    The second factor's own tests sign in through the sign-in page, where a password alone is not enough.
    """
    password_only = Client.force_login

    def force_login(client: Client, user: Any, backend: str | None = None) -> None:
        password_only(client, user, backend)
        if needs_second_factor(user):
            device, _ = StaticDevice.objects.get_or_create(user=user, name="Test second factor", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _commit_hooks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events are heard after their writer's block closes, as on a real commit, though the test never commits."""
    commits_at_outermost_block(monkeypatch)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Tests create many users; a real password hash costs a third of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploads made by tests land in a temporary folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    """Rate-limit counters live in the cache (a database table); each test that uses the database starts with none."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    cache.clear()
