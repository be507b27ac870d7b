import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.companies.tests.factories import CompanyFactory
from adopt.impact.kpis import KpiInputs, default_assumptions, financial_year, parse_period, programme_kpis, suppressed
from adopt.impact.models import ProgrammeAssumptions
from adopt.impact.tests.factories import paid_and_followed_up
from adopt.support.models import Internship, SupportedRule, SupportEntry

FACTORS = {"electricity": (Decimal("0.19553"), "DESNZ 2025"), "natural gas": (Decimal("0.18296"), "DESNZ 2025")}


def inputs(**changes):
    values = {
        "engaged": 40,
        "supported": 30,
        "assessed": 35,
        "with_roadmap": 20,
        "investing": 10,
        "grants_committed": Decimal("150000"),
        "grants_paid": Decimal("90000"),
        "private_investment": None,
        "jobs": Decimal("50"),
        "upskilled": 80,
        "jobs_forecast": Decimal("70"),
        "upskilled_forecast": 90,
        "internships": 6,
        "internship_job_offers": 2,
        "leaders_on_cohorts": 12,
        "leaders_completed": 9,
        "leadership_attendance": Decimal("85.0"),
        "kwh_by_fuel": {},
        "carbon_factors": FACTORS,
        "gva_per_job": Decimal("95014"),
        "gva_source": "ONS 2021, North West",
        "targets": {"jobs_created": Decimal("100"), "companies_supported": Decimal("60")},
        "assumptions": default_assumptions(),
    }
    return KpiInputs(**{**values, **changes})


def by_key(kpis):
    return {kpi.key: kpi for kpi in kpis}


def test_a_financial_year_runs_april_to_march():
    period = financial_year("2026-27")
    assert (period.starts_on, period.ends_on) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    with pytest.raises(ValueError, match="is not a financial year like 2026-27"):
        financial_year("2026-28")


def test_jobs_turn_into_gross_and_net_gva_with_their_working():
    kpis = by_key(programme_kpis(inputs()))
    # 50 × £95,014 = £4,750,700 a year; over 3 years fading 20% a year at 3.5%: × 2.3703937 = £11,261,029.39
    assert kpis["gva_gross"].figure.value == Decimal("11261029.39")
    # net: × 0.7 × 0.9 × 0.75 × 0.95 × 1.3 = × 0.5835375
    assert kpis["gva_net"].figure.value == Decimal("6571232.94")
    assert "50 jobs × £95,014" in kpis["gva_gross"].figure.explain()
    assert "deadweight" in kpis["gva_net"].figure.explain()


def test_value_for_money_is_per_net_job_and_per_pound_of_grant():
    kpis = by_key(programme_kpis(inputs(private_investment=Decimal("135000"))))
    # net jobs 50 × 0.5835375 = 29.2; £90,000 ÷ 29.2 = £3,082.19
    assert kpis["cost_per_job"].figure.value == Decimal("3082.19")
    assert "Net jobs: 50 × 0.5835 (additionality) = 29.2." in kpis["cost_per_job"].figure.explain()
    # £135,000 ÷ £90,000 = 1.5
    assert kpis["leverage"].figure.value == Decimal("1.50")
    # £6,571,232.94 ÷ £90,000 = 73.01
    assert kpis["gva_per_pound"].figure.value == Decimal("73.01")


def test_value_for_money_without_private_investment_is_missing():
    assert by_key(programme_kpis(inputs()))["leverage"].figure.missing


def test_a_kpi_without_inputs_is_missing_not_zero():
    kpis = by_key(programme_kpis(inputs(jobs=None)))
    assert kpis["jobs"].figure.missing
    assert kpis["gva_gross"].figure.missing
    assert kpis["private"].figure.missing
    assert kpis["co2e"].figure.missing


def test_progress_against_target_is_a_percentage():
    kpis = by_key(programme_kpis(inputs()))
    assert kpis["jobs"].share_of_target == Decimal("50")
    assert kpis["supported"].share_of_target == Decimal("50")


def test_figures_behind_fewer_than_five_companies_are_suppressed():
    hidden = suppressed(programme_kpis(inputs(engaged=4)), companies=4)
    assert all(kpi.figure.missing for kpi in hidden)
    assert "fewer than 5 companies" in hidden[0].figure.explain()


@pytest.mark.django_db
def test_the_dashboard_counts_support_payments_and_follow_ups(client, world):
    SupportEntry.objects.create(
        company=world.company, adviser=world.adviser, kind="diagnostic", delivered_on=timezone.localdate(), hours=13
    )
    paid_and_followed_up(world, jobs_created=Decimal("3"), electricity_saved_kwh=10_000)
    client.force_login(world.manager)
    response = client.get(reverse("impact:kpis"))
    kpis = by_key(response.context["kpis"])
    assert kpis["supported"].figure.value == 1
    assert kpis["paid"].figure.value == Decimal("5000")
    assert kpis["jobs"].figure.value == Decimal("3")
    assert kpis["co2e"].figure.value == Decimal("1.96")  # 10,000 kWh × 0.19553 kg = 1,955.3 kg


@pytest.mark.django_db
def test_an_evaluator_sees_small_programmes_suppressed(client, world):
    SupportEntry.objects.create(company=world.company, kind="event", delivered_on=timezone.localdate(), hours=2)
    client.force_login(world.programme_evaluator)
    response = client.get(reverse("impact:kpis"))
    assert all(kpi.figure.missing for kpi in response.context["kpis"])


@pytest.mark.django_db
def test_a_manager_sees_small_programmes_in_full(client, world):
    for _ in range(2):
        SupportEntry.objects.create(
            company_id=CompanyFactory(programme=world.programme).pk,
            kind="event",
            delivered_on=timezone.localdate(),
            hours=2,
        )
    client.force_login(world.manager)
    kpis = by_key(client.get(reverse("impact:kpis")).context["kpis"])
    assert kpis["engaged"].figure.value == 3  # two events and the world's submitted assessment


@pytest.mark.django_db
def test_supported_follows_each_programmes_rule(client, world):
    world.roadmap.agreed_version = world.roadmap.versions.first()
    world.roadmap.agreed_at = timezone.now()
    world.roadmap.save()
    client.force_login(world.manager)
    assert by_key(client.get(reverse("impact:kpis")).context["kpis"])["supported"].figure.value == 1
    SupportedRule.objects.create(programme=world.programme, minimum_hours=Decimal("2"), roadmap_counts=False)
    assert by_key(client.get(reverse("impact:kpis")).context["kpis"])["supported"].figure.value == 0
    SupportEntry.objects.create(company=world.company, kind="event", delivered_on=timezone.localdate(), hours=2)
    assert by_key(client.get(reverse("impact:kpis")).context["kpis"])["supported"].figure.value == 1


@pytest.mark.django_db
def test_a_programmes_own_additionality_replaces_the_defaults_in_its_net_gva(client, world):
    ProgrammeAssumptions.objects.create(
        programme=world.programme,
        deadweight=Decimal("0.5"),
        leakage=Decimal("0"),
        displacement=Decimal("0"),
        substitution=Decimal("0"),
        multiplier=Decimal("1"),
        persistence_years=1,
        decay=Decimal("0"),
        source="Interim evaluation, 2026",
    )
    paid_and_followed_up(world, jobs_created=Decimal("2"))
    client.force_login(world.manager)
    kpis = by_key(client.get(reverse("impact:kpis")).context["kpis"])
    # one year, no fading, discounted for that year at 3.5%; then half is deadweight
    assert kpis["gva_net"].figure.value == (kpis["gva_gross"].figure.value * Decimal("0.5")).quantize(Decimal("0.01"))
    assert "Interim evaluation, 2026" in kpis["gva_net"].figure.explain()


@pytest.mark.django_db
def test_forecasts_at_approval_and_internships_are_counted(client, world):
    world.application.status = "approved"
    world.application.decided_at = timezone.now()
    world.application.expected_jobs = Decimal("2.5")
    world.application.expected_roles_upskilled = 4
    world.application.save()
    for outcome in ("job_offer", "completed"):
        Internship.objects.create(
            company=world.company,
            student="A Student",
            hours=300,
            hourly_rate=Decimal("12.60"),
            starts_on=timezone.localdate(),
            outcome=outcome,
        )
    client.force_login(world.manager)
    kpis = by_key(client.get(reverse("impact:kpis")).context["kpis"])
    assert kpis["jobs_forecast"].figure.value == Decimal("2.5")
    assert kpis["upskilled_forecast"].figure.value == 4
    assert kpis["internships"].figure.value == 2
    assert kpis["internship_offers"].figure.value == 1


@pytest.mark.django_db
def test_leadership_places_completion_and_attendance_are_counted(client, world):
    # the world's cohort: 6 sessions, 5 to complete, ended 10 days ago; its one leader attended 5
    client.force_login(world.manager)
    kpis = by_key(client.get(reverse("impact:kpis")).context["kpis"])
    assert kpis["leaders"].figure.value == 1
    assert kpis["leaders_completed"].figure.value == 1
    assert kpis["leadership_attendance"].figure.value == Decimal("83.3")  # 5 of 6 sessions


def test_any_period_can_be_asked_for_as_two_dates():
    period = parse_period("2026-04-01..2026-09-30")
    assert (period.starts_on, period.ends_on) == (datetime.date(2026, 4, 1), datetime.date(2026, 9, 30))
    assert period.label == "1 April 2026 to 30 September 2026"
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_period("2026-09-30..2026-04-01")
    with pytest.raises(ValueError, match="is not a period from one date to another"):
        parse_period("2026-04-01..soon")


@pytest.mark.django_db
def test_the_dashboard_counts_only_what_falls_between_the_chosen_dates(client, world):
    today = timezone.localdate()
    SupportEntry.objects.create(company=world.company, kind="workshop", delivered_on=today, hours=13)
    client.force_login(world.manager)
    before = client.get(reverse("impact:kpis"), {"from": "2020-01-01", "to": "2020-12-31"})
    now = client.get(reverse("impact:kpis"), {"from": today.isoformat(), "to": today.isoformat()})
    assert by_key(before.context["kpis"])["supported"].figure.value == 0
    assert by_key(now.context["kpis"])["supported"].figure.value == 1
