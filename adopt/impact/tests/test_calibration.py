import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from adopt.impact.calibration import CalibrationRules, History, calibrate
from adopt.impact.selectors import programme_history
from adopt.impact.simulator import default_assumptions
from adopt.impact.tests.factories import paid_and_followed_up

RULES = CalibrationRules(minimum_companies=20, maturity_months=12, z=1.645, floor_share=0.05)


def history(**changes):
    values = {
        "programme": "North West",
        "supported": 400,
        "investing": 40,
        "grant_per_investing": tuple(10_000.0 + 500 * (n % 5) for n in range(40)),
        "leverage": tuple(1.5 for _ in range(25)),
        "jobs_per_investing": tuple(float(n % 3) for n in range(10)),
        "roles_per_investing": tuple(8.0 for _ in range(40)),
    }
    return History(**{**values, **changes})


def test_the_investing_rate_comes_from_the_programme_with_a_wilson_interval():
    result = calibrate(default_assumptions(), history(), RULES)
    rate = result.assumptions["investing_rate"]
    assert rate.mode == pytest.approx(0.1)
    # centre (0.1 + 1.645² ÷ 800) ÷ (1 + 1.645² ÷ 400) = 0.10269; half-width 0.02474 (worked by hand)
    assert rate.low == pytest.approx(0.07795, abs=1e-4)
    assert rate.high == pytest.approx(0.12743, abs=1e-4)
    assert "40 of the 400 companies supported at least 12 months ago invested." in rate.note


def test_no_company_investing_yet_still_leaves_a_range_above_zero():
    rate = calibrate(default_assumptions(), history(supported=44, investing=0), RULES).assumptions["investing_rate"]
    assert rate.low == 0
    assert rate.mode == 0
    assert rate.high == pytest.approx(0.0579, abs=1e-3)  # 1.645² ÷ 44 ÷ (1 + 1.645² ÷ 44)


def test_a_mean_with_little_spread_still_gets_the_floor_either_side():
    roles = calibrate(default_assumptions(), history(), RULES).assumptions["upskilled_per_investing"]
    assert roles.mode == 8.0
    assert roles.low == pytest.approx(7.6)
    assert roles.high == pytest.approx(8.4)


def test_an_assumption_with_too_few_companies_keeps_its_default_and_says_why():
    defaults = default_assumptions()
    result = calibrate(defaults, history(), RULES)
    assert result.assumptions["jobs_per_investing"] == defaults["jobs_per_investing"]
    assert "jobs_per_investing" not in result.calibrated
    assert any("only 10 companies reported jobs (20 needed)" in note for note in result.notes)


def test_a_young_programme_keeps_every_default():
    defaults = default_assumptions()
    empty = history(supported=3, investing=0, grant_per_investing=(), leverage=(), roles_per_investing=())
    result = calibrate(defaults, empty, RULES)
    assert result.calibrated == ()
    assert result.assumptions == defaults


@pytest.mark.django_db
def test_the_simulator_page_starts_from_a_programmes_history(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("impact:simulator"), {"calibrate": world.programme.slug})
    assert response.status_code == 200
    assert "the default, because only" in response.content.decode()


@pytest.mark.django_db
def test_the_simulator_will_not_calibrate_from_a_programme_the_user_cannot_see(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("impact:simulator"), {"calibrate": world.other_programme.slug})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_simulate_command_calibrates_from_a_programme(world):
    out = io.StringIO()
    call_command("simulate", "--budget", "6100000", "--programme", world.programme.slug, stdout=out)
    assert f"Assumptions from {world.programme.name}" in out.getvalue()
    assert "Companies supported" in out.getvalue()


@pytest.mark.django_db
def test_a_programmes_history_has_one_figure_per_investing_company(world):
    paid_and_followed_up(
        world, jobs_created=Decimal("3"), investment_plant=Decimal("6000"), investment_it=Decimal("1500")
    )
    history = programme_history(world.programme, timezone.localdate(), maturity_months=12)
    assert history.grant_per_investing == (5000.0,)
    assert history.jobs_per_investing == (3.0,)
    assert history.leverage == (1.5,)  # £7,500 reported ÷ £5,000 of grant
    assert history.supported == 0  # nobody was supported a year ago, so the rate cannot be read yet
