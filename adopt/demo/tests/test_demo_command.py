from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.testing import rows_for_the_module
from adopt.demo.generator import generate_demo_companies
from adopt.demo.loader import DEMO_PASSWORD, read_demo_file
from adopt.funding.models import Claim, Declaration, Fund, GrantApplication, LedgerEntry, Offer, Scheme, SubsidyNotice
from adopt.impact.models import FollowUpReport
from adopt.programmes.models import Programme, Target
from adopt.roadmaps.catalogue import catalogue
from adopt.roadmaps.models import Roadmap, RoadmapVersion
from adopt.roadmaps.selectors import latest_version
from adopt.roadmaps.services import RoadmapError, roadmap_item_pin, roadmap_item_unpin, roadmap_replan_keeping

pytestmark = pytest.mark.django_db


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (a load takes most of a minute) and rolled back after it; each
    test runs inside it and its own changes are rolled back too."""
    fast_hashing = override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with rows_for_the_module(django_db_blocker), fast_hashing:
        yield run_demo()


def test_demo_loads_the_six_regions_programmes_with_targets_and_prints_logins(demo):
    output = demo
    slugs = set(Programme.objects.values_list("slug", flat=True))
    assert {
        "north-west",
        "north-east",
        "yorkshire-and-the-humber",
        "west-midlands",
        "east-midlands",
        "west-of-england",
    } <= slugs
    north_west = Programme.objects.get(slug="north-west")
    assert north_west.targets.get(metric=Target.Metric.JOBS_CREATED).value == 1250
    assert north_west.targets.get(metric=Target.Metric.GVA_GBP).value == 176_000_000
    assert "adviser.north-west@adopt.example" in output
    assert "adopt-demo-2026" in output
    owner_roadmap = Roadmap.objects.get(company__memberships__user__email="owner@adopt.example")
    assert owner_roadmap.versions.get().items > 0
    assert Roadmap.objects.filter(company__programme=north_west).count() >= 100


def test_demo_adviser_signs_in_with_the_printed_code_and_sees_their_programme(demo, settings, client):
    settings.DEBUG = True
    output = demo
    client.post("/accounts/login/", {"username": "adviser.north-west@adopt.example", "password": "adopt-demo-2026"})
    assert client.get("/programmes/").status_code == 302  # a password alone is not enough for staff
    code = StringIO()
    call_command("demo_code", stdout=code)
    assert "adopt demo_code" in output
    client.post("/accounts/two-factor/", {"code": code.getvalue().strip()})
    body = client.get("/programmes/").content.decode()
    assert "North West Digital Adoption Programme" in body
    assert "East Lancashire Digital Adoption Fund" in body
    assert "North East Digital Adoption Programme" not in body


def test_loading_the_demo_twice_neither_duplicates_nor_wipes(demo, settings):
    settings.DEBUG = True
    Company.objects.filter(companies_house_number="09100001").update(name="Renamed By An Adviser Ltd")
    counts = (User.objects.count(), Programme.objects.count(), Company.objects.count(), Target.objects.count())
    roadmaps = (Roadmap.objects.count(), RoadmapVersion.objects.count())
    output = run_demo()
    assert (User.objects.count(), Programme.objects.count(), Company.objects.count(), Target.objects.count()) == counts
    assert (Roadmap.objects.count(), RoadmapVersion.objects.count()) == roadmaps
    assert Company.objects.get(companies_house_number="09100001").name == "Renamed By An Adviser Ltd"
    assert "programmes: 0 created, 7 already there" in output


def test_demo_generates_a_realistic_north_west_with_every_verdict(demo):
    north_west = Company.objects.filter(region__code="TLD")
    assert 2400 <= north_west.count() <= 2600
    assert (
        Company.objects.filter(
            programme__slug="east-lancashire", local_authority__subregions__code="east-lancashire"
        ).count()
        == 300
    )
    verdicts = set(Company.objects.values_list("eligibility", flat=True))
    assert verdicts == {"eligible", "not_eligible", "needs_information"}
    assert Company.objects.filter(eligibility="eligible").count() > Company.objects.count() / 2


def test_demo_companies_are_the_same_on_every_machine(demo):
    def drawn():
        return list(Company.objects.order_by("companies_house_number").values_list("name", "postcode", "sic_codes"))

    first = drawn()
    for model in (
        FollowUpReport,
        LedgerEntry,
        Claim,
        Declaration,
        Offer,
        SubsidyNotice,
        GrantApplication,
        Scheme,
        Fund,
    ):
        model.objects.all().delete()
    Company.objects.all().delete()
    generate_demo_companies(read_demo_file()["generator"], DEMO_PASSWORD)
    assert drawn() == first


def test_demo_funds_hold_applications_in_every_state_and_balance(demo):
    east_lancashire = Fund.objects.get(programme__slug="east-lancashire")
    assert sum(year.budget for year in east_lancashire.years.all()) == 6_100_000
    states = set(GrantApplication.objects.values_list("status", flat=True))
    assert {
        "draft",
        "submitted",
        "in_review",
        "recommended",
        "approved",
        "paid",
        "closed",
        "rejected",
        "withdrawn",
    } <= states
    for year in east_lancashire.years.all():
        commitments = sum(e.amount for e in year.entries.filter(kind="commitment"))
        releases = sum(e.amount for e in year.entries.filter(kind="release"))
        assert year.committed == commitments - releases


def phases_of(roadmap: Roadmap) -> dict[str, int]:
    return {item["key"]: item["phase"] for item in latest_version(roadmap).plan["items"]}


def pins_to_try(roadmap: Roadmap) -> list[tuple[str, int]]:
    """A technology outside the plan pinned to each phase, and one in the plan pinned to another phase."""
    planned = phases_of(roadmap)
    done = {key for key, status in roadmap.item_status.items() if status == "done"}
    outside = next(item.key for item in catalogue().technologies if item.key not in planned and item.key not in done)
    inside, phase = next((key, phase) for key, phase in planned.items() if key not in done)
    return [(outside, 0), (outside, 1), (outside, 2), (inside, (phase + 1) % 3)]


def test_pinning_an_item_on_the_demos_roadmaps_moves_nothing_else_or_names_the_rule(demo):
    names = {item.key: item.name for item in catalogue().technologies}
    roadmaps = Roadmap.objects.filter(company__programme__slug="north-west", versions__isnull=False).distinct()
    planned = 0
    for roadmap in roadmaps.order_by("pk")[:12]:
        actor = roadmap.company.adviser
        for key, phase in pins_to_try(roadmap):
            before = phases_of(roadmap)
            roadmap_item_pin(roadmap, key, phase, actor=actor)
            try:
                _, moved = roadmap_replan_keeping(roadmap, actor=actor, reason="pin")
            except RoadmapError:
                roadmap_item_unpin(roadmap, key, actor=actor)
                continue  # refused with the reason and nothing stored: the pin breaks a rule itself
            planned += 1
            after = phases_of(roadmap)
            assert after[key] == phase
            shifted = [other for other, was in before.items() if other != key and after.get(other) != was]
            for other in shifted:
                assert any(line.startswith(names[other]) for line in moved), (roadmap, key, phase, other, moved)
            forced = [line for line in moved if " moved from " in line or line.endswith(" left the plan")]
            if any(" is done, " not in line for line in forced):
                assert any(line.startswith("because ") and "worth more" not in line for line in moved)
            if not shifted:
                assert moved == [] or all(" is done, " in line for line in moved)
            roadmap_item_unpin(roadmap, key, actor=actor)
            roadmap_replan_keeping(roadmap, actor=actor, reason="unpin")
    assert planned >= 16
