import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.companies.tests.factories import CompanyFactory
from adopt.impact.arithmetic import Fact, scaled
from adopt.impact.kpis import Method, default_assumptions, kpi_report
from adopt.impact.model import persistence_factor
from adopt.impact.models import ProgrammeAssumptions
from adopt.impact.periods import financial_year, parse_period, spans_of
from adopt.impact.tests.factories import paid_and_followed_up
from adopt.roadmaps.services import roadmap_agree
from adopt.support.models import Internship, SupportedRule
from adopt.support.services import supported_rule_save
from adopt.support.tests.factories import support_given

FACTORS = {"electricity": (Decimal("0.19553"), "DESNZ 2025"), "natural gas": (Decimal("0.18296"), "DESNZ 2025")}
DAY = datetime.date(2026, 5, 1)
YEAR = financial_year("2026-27")


def method():
    chosen = default_assumptions()
    return Method(
        chosen,
        Decimal("95014"),
        "ONS 2021, North West",
        persistence_factor(chosen.persistence_years, chosen.decay, chosen.discount_rate),
        FACTORS,
    )


def facts(jobs="50", paid="90000", private=None, engaged=40, supported=30):
    chosen = method()
    company_facts = {
        "engaged": [Fact(DAY, Decimal(engaged), None)],
        "supported": [Fact(DAY, Decimal(supported), None)],
        "paid": [Fact(DAY, Decimal(paid), n) for n in range(1)],
    }
    if jobs is not None:
        company_facts["jobs"] = [Fact(DAY, Decimal(jobs) / 10, n) for n in range(10)]
        gross = scaled(company_facts["jobs"], chosen.gva_per_job * chosen.persistence)
        company_facts["gva_gross"] = gross
        company_facts["gva_net"] = scaled(gross, chosen.assumptions.additionality.factor)
        company_facts["jobs_net"] = scaled(company_facts["jobs"], chosen.assumptions.additionality.factor)
    if private is not None:
        company_facts["private"] = [Fact(DAY, Decimal(private), 1)]
    return company_facts


def report(targets=None, **changes):
    spans = spans_of(YEAR, YEAR.starts_on, YEAR.ends_on)
    targets = targets or {"jobs_created": Decimal("100"), "companies_supported": Decimal("60")}
    return kpi_report(facts(**changes), YEAR, spans, targets, method(), hide_small_groups=False)


def by_key(kpis):
    return {kpi.key: kpi for kpi in kpis}


def test_a_financial_year_runs_april_to_march():
    period = financial_year("2026-27")
    assert (period.starts_on, period.ends_on) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    with pytest.raises(ValueError, match="is not a financial year like 2026-27"):
        financial_year("2026-28")


def test_jobs_turn_into_gross_and_net_gva_with_their_working():
    kpis = by_key(report().kpis)
    # 50 × £95,014 = £4,750,700 a year; over 3 years fading 20% a year at 3.5%: × 2.3703937 = £11,261,029
    assert kpis["gva_gross"].figure.value == Decimal("11261029")
    # net: × 0.7 × 0.9 × 0.75 × 0.95 × 1.3 = × 0.5835375
    assert kpis["gva_net"].figure.value == Decimal("6571233")
    assert "50.0 jobs × £95,014" in kpis["gva_gross"].figure.explain()
    assert "deadweight" in kpis["gva_net"].figure.explain()


def test_value_for_money_is_per_net_job_and_per_pound_of_grant():
    kpis = by_key(report(private="135000").kpis)
    # net jobs 50 × 0.5835375 = 29.2; £90,000 ÷ 29.2 = £3,082.19
    assert kpis["jobs_net"].figure.value == Decimal("29.2")
    assert kpis["cost_per_job"].figure.value == Decimal("3082.19")
    # £135,000 ÷ £90,000 = 1.5
    assert kpis["leverage"].figure.value == Decimal("1.50")
    # £6,571,233 ÷ £90,000 = 73.01
    assert kpis["gva_per_pound"].figure.value == Decimal("73.01")


def test_value_for_money_without_private_investment_is_missing():
    assert by_key(report().kpis)["leverage"].figure.missing


def test_a_kpi_no_follow_up_has_reported_is_missing_not_zero():
    kpis = by_key(report(jobs=None).kpis)
    for key in ("jobs", "gva_gross", "private", "co2e"):
        assert kpis[key].figure.missing
        assert "no follow-up has reported it yet" in kpis[key].figure.explain()


def test_progress_against_target_is_a_percentage():
    kpis = by_key(report().kpis)
    assert kpis["jobs"].share_of_target == Decimal("50")
    assert kpis["supported"].share_of_target == Decimal("50")


def test_every_kpi_carries_its_definition_from_the_register():
    kpis = by_key(report().kpis)
    assert kpis["supported"].definition.startswith("Companies that met their programme's rule")
    assert all(kpi.definition for kpi in kpis.values())


def test_figures_behind_fewer_than_five_companies_are_not_shown_to_evaluators():
    spans = spans_of(YEAR, YEAR.starts_on, YEAR.ends_on)
    hidden = kpi_report(facts(engaged=4, supported=3), YEAR, spans, {}, method(), hide_small_groups=True)
    kpis = by_key(hidden.kpis)
    assert kpis["engaged"].figure.missing
    assert "fewer than 5 companies" in kpis["engaged"].figure.explain()
    assert kpis["paid"].figure.missing  # one company paid
    assert kpis["cost_per_job"].figure.missing  # it divides the hidden payment
    assert kpis["jobs"].figure.value == Decimal("50.0")  # ten companies reported jobs


@pytest.mark.django_db
def test_the_dashboard_counts_support_payments_and_follow_ups(client, world):
    support_given(
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
    support_given(company=world.company, kind="event", delivered_on=timezone.localdate(), hours=2)
    client.force_login(world.programme_evaluator)
    response = client.get(reverse("impact:kpis"))
    for kpi in response.context["kpis"]:
        assert kpi.figure.missing or (kpi.companies == 0 and not kpi.figure.value), kpi.key


@pytest.mark.django_db
def test_a_manager_sees_small_programmes_in_full(client, world):
    for _ in range(2):
        support_given(
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
    roadmap_agree(
        world.roadmap,
        world.roadmap.versions.first(),
        actor=world.adviser,
        for_company_by="Pat Director",
        agreed_on=timezone.localdate(),
    )
    client.force_login(world.manager)
    assert by_key(client.get(reverse("impact:kpis")).context["kpis"])["supported"].figure.value == 1
    supported_rule_save(
        SupportedRule(programme=world.programme, minimum_hours=Decimal("2"), roadmap_counts=False), actor=world.manager
    )
    assert by_key(client.get(reverse("impact:kpis")).context["kpis"])["supported"].figure.value == 0
    support_given(company=world.company, kind="event", delivered_on=timezone.localdate(), hours=2)
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
    support_given(company=world.company, kind="workshop", delivered_on=today, hours=13)
    client.force_login(world.manager)
    before = client.get(reverse("impact:kpis"), {"from": "2020-01-01", "to": "2020-12-31"})
    now = client.get(reverse("impact:kpis"), {"from": today.isoformat(), "to": today.isoformat()})
    assert by_key(before.context["kpis"])["supported"].figure.value == 0
    assert by_key(now.context["kpis"])["supported"].figure.value == 1
