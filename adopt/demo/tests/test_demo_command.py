from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.funding.models import Claim, Fund, GrantApplication, LedgerEntry, Scheme
from adopt.impact.models import FollowUpReport
from adopt.programmes.models import Programme, Target
from adopt.roadmaps.models import Roadmap, RoadmapVersion

pytestmark = pytest.mark.django_db


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def test_demo_loads_the_six_regions_programmes_with_targets_and_prints_logins(settings):
    settings.DEBUG = True
    output = run_demo()
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


def test_demo_adviser_signs_in_with_the_printed_code_and_sees_their_programme(settings, client):
    settings.DEBUG = True
    output = run_demo()
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


def test_loading_the_demo_twice_neither_duplicates_nor_wipes(settings):
    settings.DEBUG = True
    run_demo()
    Company.objects.filter(companies_house_number="09100001").update(name="Renamed By An Adviser Ltd")
    counts = (User.objects.count(), Programme.objects.count(), Company.objects.count(), Target.objects.count())
    roadmaps = (Roadmap.objects.count(), RoadmapVersion.objects.count())
    output = run_demo()
    assert (User.objects.count(), Programme.objects.count(), Company.objects.count(), Target.objects.count()) == counts
    assert (Roadmap.objects.count(), RoadmapVersion.objects.count()) == roadmaps
    assert Company.objects.get(companies_house_number="09100001").name == "Renamed By An Adviser Ltd"
    assert "programmes: 0 created, 7 already there" in output


def test_the_demo_code_is_never_given_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("demo_code", stdout=StringIO())


def test_demo_refuses_to_load_published_passwords_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run_demo()
    assert not User.objects.exists()


def test_demo_generates_a_realistic_north_west_with_every_verdict(settings):
    settings.DEBUG = True
    run_demo()
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


def test_demo_companies_are_the_same_on_every_machine(settings):
    settings.DEBUG = True
    run_demo()
    first = list(Company.objects.order_by("companies_house_number").values_list("name", "postcode")[:5])
    for model in (FollowUpReport, LedgerEntry, Claim, GrantApplication, Scheme, Fund):
        model.objects.all().delete()
    Company.objects.all().delete()
    run_demo()
    assert list(Company.objects.order_by("companies_house_number").values_list("name", "postcode")[:5]) == first


def test_demo_funds_hold_applications_in_every_state_and_balance(settings):
    settings.DEBUG = True
    run_demo()
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
